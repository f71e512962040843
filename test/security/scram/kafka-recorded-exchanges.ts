// Complete SCRAM exchanges between Kafka 2.4.1's own ScramSaslClient and ScramSaslServer, with a
// credential from its ScramFormatter.generateCredential (recorded by running those classes from
// the anchor's kafka-clients-2.4.1.jar). Replaying the nonces must give the same bytes.

export interface RecordedScramExchange {
  readonly mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  readonly username: string;
  readonly password: string;
  /** ScramCredentialUtils.credentialToString, as kafka-configs stores it. */
  readonly credential: string;
  readonly clientFirst: string;
  readonly serverFirst: string;
  readonly clientFinal: string;
  readonly serverFinal: string;
  readonly authorizationId: string;
}

export const RECORDED_SCRAM_EXCHANGES: readonly RecordedScramExchange[] = [
  {
    mechanism: 'SCRAM-SHA-256', username: 'alice', password: 'alice-secret',
    credential: 'salt=MWNtczZvYWhqZjAxeGUyczB0NjVmdTNqMTY=,stored_key=9yIbAoroputMU49UaHMwf+4wKFA1dZ58frI7mT3flXo=,server_key=rEr1yFUunbpHXTtf2DE4RJSTbvJj9E+grftHpD0tPOw=,iterations=8192',
    clientFirst: 'n,,n=alice,r=1ehbdpzukts9ejwtukl6xa7qe',
    serverFirst: 'r=1ehbdpzukts9ejwtukl6xa7qe12us8fz9qssgn7lndclaksmt6z,s=MWNtczZvYWhqZjAxeGUyczB0NjVmdTNqMTY=,i=8192',
    clientFinal: 'c=biws,r=1ehbdpzukts9ejwtukl6xa7qe12us8fz9qssgn7lndclaksmt6z,p=WK4FHgg4TwqYrcaMJgMzABflwL0Ft6Ebyf1IRs6KB+o=',
    serverFinal: 'v=8MFR0SEHglrBcemaksTxkF7bYAH8VnNxo9lUmKzYnnQ=',
    authorizationId: 'alice',
  },
  {
    mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'alice-secret',
    credential: 'salt=djBicDdjbTEwa3U0NmkxdGc4MjA3eTd5bg==,stored_key=j68qgdGCxEcdTQ3CtEmZgSlyCIyVrpfDZLdNk5L0CnYEt+8fSqzuMmvcMiByYGpqHlWc5TFNDsLsVKFtp6IOaA==,server_key=rkJrlro/IHNbjAfm6840JiqNN3hkJZTVux6KCWZL1+qumu/X2ami8lGN/ZfGOcT2kQaTclNu5bmzcHbk09xlSg==,iterations=4096',
    clientFirst: 'n,,n=alice,r=13rqqmmzla223mbaqdwn22d2iq',
    serverFirst: 'r=13rqqmmzla223mbaqdwn22d2iq12letleabcw9bgn3w2flgqaop6,s=djBicDdjbTEwa3U0NmkxdGc4MjA3eTd5bg==,i=4096',
    clientFinal: 'c=biws,r=13rqqmmzla223mbaqdwn22d2iq12letleabcw9bgn3w2flgqaop6,p=BG/TJXxoq9PhFH0nvLvjs5VXB0hSDyNTZ+X/S33bB0in/5MkmQxQalyO6utjBMyg4zLd4Qxe4FdCSsmi19RbBA==',
    serverFinal: 'v=aWF93MTzlFbQYABN+PRroo+VEsWLTVy1daPHEe3Ikz4zvwe+D1VO/DXF+Xs81mEvsHbQW+I4uXIvv7u+bXts4A==',
    authorizationId: 'alice',
  },
  {
    mechanism: 'SCRAM-SHA-256', username: 'a,b=c', password: 'p@ss,w=rd',
    credential: 'salt=Z2ZlbTF0anlqdDY5b2Zvb2l4ZTZheGl3bg==,stored_key=cWCmTzTXrxbgEAnEclII8usNc2CRs0vt6gqDUOETkh8=,server_key=V0oNX6amw7QlUrAMoz8K8EBXvDLWESCdqpsFRfTuqY0=,iterations=4096',
    clientFirst: 'n,,n=a=2Cb=3Dc,r=tf3zcc95tkgpw6li6q4vgjk6y',
    serverFirst: 'r=tf3zcc95tkgpw6li6q4vgjk6yl8zerghd8t3indw51obbyqrl2,s=Z2ZlbTF0anlqdDY5b2Zvb2l4ZTZheGl3bg==,i=4096',
    clientFinal: 'c=biws,r=tf3zcc95tkgpw6li6q4vgjk6yl8zerghd8t3indw51obbyqrl2,p=DPjJBffmkQyQB4bHoj5eLJZElfWdORdj0ZqyjgcdeHo=',
    serverFinal: 'v=Yw1CBGa0FqmDjzOHRq6nA/gZki+mL9aY/n3ThEFISUc=',
    authorizationId: 'a,b=c',
  },
  {
    mechanism: 'SCRAM-SHA-512', username: 'jorg', password: 'pässwörd€',
    credential: 'salt=NmI2Z2E1NGJraGJmeWN6ODk2cHBlMTdkcQ==,stored_key=NRUcJ0JtS5gntpSELOuKM1ELBMTW7W457bsfYuWGT42gii6qTgeVFpy72dY/HiAamjQeweKG1XlcYGdwqpx+Sw==,server_key=FQXthkQx832mVJX1diHRjsBILi3kfJNVqT7p3hubU1cRvxM01qRgeBTKdBojIOxAEoTe6eEYmxlKORbSJJayNA==,iterations=4097',
    clientFirst: 'n,,n=jorg,r=1fucyajbzqvqo7edukw44q5h7e',
    serverFirst: 'r=1fucyajbzqvqo7edukw44q5h7es049w03g0whl8dmv7g3wszgua,s=NmI2Z2E1NGJraGJmeWN6ODk2cHBlMTdkcQ==,i=4097',
    clientFinal: 'c=biws,r=1fucyajbzqvqo7edukw44q5h7es049w03g0whl8dmv7g3wszgua,p=y53PIBdbUroy+IZKtj+p5rqGCQe5n9UpQKzs/YPCQj3CnFPp5d9icvCjbEsB6hk3SH22uhnvxM2XKkVUVZE9kQ==',
    serverFinal: 'v=kn4FngrFzpBzqB6Tcg6ldS9yuiFd4dwcJNoS18TIbRJfs6cKEj4KYHgm9GFMwFIpJMMZo0B2OCcqi8Lp0Gbmjg==',
    authorizationId: 'jorg',
  },
];
