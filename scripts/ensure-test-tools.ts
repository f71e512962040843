// Before the tests: a ZooKeeper server (real ensembles), kcat, kafka-python and confluent-kafka (real clients),
// docker-compose (validates docker-compose.yml offline), chromium (the observatory page's browser test),
// installed from Debian when missing and we are root. Exits non-zero with advice otherwise.
import { commandSucceeds, ensureDebianPackages, exitWithAdvice } from './debian-packages';
import { ZOOKEEPER_PACKAGE } from './zookeeper-package';

exitWithAdvice(() =>
  ensureDebianPackages([
    ZOOKEEPER_PACKAGE,
    { name: 'kcat', present: () => commandSucceeds('kcat', ['-V']) },
    { name: 'python3-kafka', present: () => commandSucceeds('/usr/bin/python3', ['-c', 'import kafka']) },
    // librdkafka's transactional producer from Python (the transactions integration test).
    { name: 'python3-confluent-kafka', present: () => commandSucceeds('/usr/bin/python3', ['-c', 'import confluent_kafka']) },
    { name: 'docker-compose', present: () => commandSucceeds('docker-compose', ['version']) },
    { name: 'chromium', present: () => commandSucceeds('chromium', ['--version']) },
  ]),
);
