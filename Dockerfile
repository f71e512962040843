# A broker image: Node 20 with this repository and its npm packages. The container runs
# bin/kafka-server-start; docker-compose.yml passes each broker's settings as --override flags.
FROM node:20-bookworm-slim

WORKDIR /opt/kafka-zk-ts
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .

EXPOSE 9092 19092
ENV LOG_DIR=/var/log/kafka
ENTRYPOINT ["bin/kafka-server-start"]
CMD ["config/server.properties"]
