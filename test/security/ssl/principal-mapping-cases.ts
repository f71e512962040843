// ssl.principal.mapping.rules cases with what Kafka 2.4.1's own SslPrincipalMapper answers
// (kafka-clients-2.4.1.jar run once at test-writing time over these rules and names: fromRules,
// toString, then getName for each name, printing the result or the exception's message).

export type MappingOutcome = { readonly name: string } | { readonly error: string };

export interface MappingCase {
  readonly title: string;
  /** null: the property is unset. */
  readonly rules: string | null;
  /** SslPrincipalMapper.toString(), or the parse error's message. */
  readonly parsed: { readonly toString: string } | { readonly error: string };
  readonly names: readonly (readonly [dn: string, outcome: MappingOutcome])[];
}

const DN = 'CN=client,OU=ServiceUsers,O=Acme,L=City,ST=State,C=US';

export const MAPPING_CASES: readonly MappingCase[] = [
  {
    title: 'unset means DEFAULT',
    rules: null,
    parsed: { toString: 'SslPrincipalMapper(rules = [DEFAULT])' },
    names: [[DN, { name: 'CN=client,OU=ServiceUsers,O=Acme,L=City,ST=State,C=US' }]],
  },
  {
    title: 'DEFAULT keeps the distinguished name',
    rules: 'DEFAULT',
    parsed: { toString: 'SslPrincipalMapper(rules = [DEFAULT])' },
    names: [[DN, { name: 'CN=client,OU=ServiceUsers,O=Acme,L=City,ST=State,C=US' }], ['', { name: '' }]],
  },
  {
    title: 'the KIP-371 examples',
    rules: 'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/,RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L,RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U,DEFAULT',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(.*?),OU=ServiceUsers.*$/$1, RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L, RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U, DEFAULT])' },
    names: [
      [DN, { name: 'client' }],
      ['CN=Duke,OU=JavaSoft,O=Sun Microsystems,L=Santa Clara,ST=CA,C=US', { name: 'duke@javasoft' }],
      ['cn=duke,ou=javasoft,dc=sun,dc=com', { name: 'DUKE@JAVASOFT' }],
      ['OU=Other,CN=x', { name: 'OU=Other,CN=x' }],
    ],
  },
  {
    title: 'no rule matches',
    rules: 'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(.*?),OU=ServiceUsers.*$/$1])' },
    names: [['CN=x,OU=Other', { error: 'No rules apply to CN=x,OU=Other, rules [RULE:^CN=(.*?),OU=ServiceUsers.*$/$1]' }]],
  },
  {
    title: 'spaces around rules and commas, a trailing comma',
    rules: '  RULE:^CN=([^,]*).*$/$1/U ,  DEFAULT ,  ',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=([^,]*).*$/$1/U, DEFAULT])' },
    names: [['CN=abc,O=x', { name: 'ABC' }]],
  },
  {
    title: 'escaped slashes and commas inside pattern and replacement',
    rules: 'RULE:^CN=(.*?)\\/(.*?),O=.*$/$2\\/$1\\,x/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(.*?)\\/(.*?),O=.*$/$2\\/$1\\,x])' },
    names: [['CN=a/b,O=acme', { name: 'b/a,x' }]],
  },
  {
    title: 'replaceAll replaces every match, including an empty one at the end',
    rules: 'RULE:.*/X/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:.*/X])' },
    names: [['CN=a', { name: 'XX' }]],
  },
  {
    title: 'a $n naming no group stays literal; $12 with one group is $1 then 2',
    rules: 'RULE:^CN=(.*?),.*$/$1@$4:$12/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(.*?),.*$/$1@$4:$12])' },
    names: [['CN=u,O=o', { name: 'u@$4:u2' }]],
  },
  {
    title: "two literal back references: Kafka's escaping lands one character early the second time",
    rules: 'RULE:^CN=(.*?),.*$/a$5b$6c/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(.*?),.*$/a$5b$6c])' },
    names: [['CN=u,O=o', { error: 'No group 6' }]],
  },
  {
    title: '$0 is the whole match',
    rules: 'RULE:^CN=(.*?),.*$/[$0]/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(.*?),.*$/[$0]])' },
    names: [['CN=u,O=o', { name: '[CN=u,O=o]' }]],
  },
  {
    title: 'a $1 in a pattern without groups fails when applied',
    rules: 'RULE:^CN=.*$/$1/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=.*$/$1])' },
    names: [['CN=u', { error: 'No group 1' }]],
  },
  {
    title: 'an escaped backslash in the replacement',
    rules: 'RULE:^CN=(.*)$/$1\\\\/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(.*)$/$1\\\\])' },
    names: [['CN=u', { name: 'u\\' }]],
  },
  {
    title: 'named groups',
    rules: 'RULE:^CN=(?<user>[^,]*),O=(?<org>.*)$/${org}-${user}/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(?<user>[^,]*),O=(?<org>.*)$/${org}-${user}])' },
    names: [['CN=u,O=o', { name: 'o-u' }]],
  },
  {
    title: 'an unknown group name fails when applied',
    rules: 'RULE:^CN=(?<user>[^,]*).*$/${nobody}/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=(?<user>[^,]*).*$/${nobody}])' },
    names: [['CN=u,O=o', { error: 'No group with name {nobody}' }]],
  },
  {
    title: 'a case-insensitive pattern',
    rules: 'RULE:(?i)^cn=([^,]*).*$/$1/L',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:(?i)^cn=([^,]*).*$/$1/L])' },
    names: [['CN=MiXeD,O=x', { name: 'mixed' }]],
  },
  {
    title: '\\Q...\\E quotes',
    rules: 'RULE:^\\QCN=a.b\\E,(.*)$/$1/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^\\QCN=a.b\\E,(.*)$/$1])' },
    names: [['CN=a.b,O=x', { name: 'O=x' }], ['CN=aXb,O=x', { error: 'No rules apply to CN=aXb,O=x, rules [RULE:^\\QCN=a.b\\E,(.*)$/$1]' }]],
  },
  {
    title: 'text after the case flag',
    rules: 'RULE:^CN=(.*)$/$1/Lx',
    parsed: { error: 'Invalid rule: `RULE:^CN=(.*)$/$1/Lx`, unmatched substring: `x`' },
    names: [],
  },
  {
    title: 'a rule missing its last slash',
    rules: 'RULE:^CN=(.*)$/$1',
    parsed: { error: 'Invalid rule: `RULE:^CN=(.*)$/$1`, unmatched substring: `RULE:^CN=(.*)$/$1`' },
    names: [],
  },
  {
    title: 'DEFAULT followed by text',
    rules: 'DEFAULTX',
    parsed: { error: 'Invalid rule: `DEFAULTX`, unmatched substring: `X`' },
    names: [],
  },
  {
    title: 'something that is no rule',
    rules: 'RULE:a/b/, nonsense',
    parsed: { error: 'Invalid rule: `nonsense`, unmatched substring: `nonsense`' },
    names: [],
  },
  {
    title: 'a case flag other than L or U',
    rules: 'RULE:^CN=(.*)$/$1/X',
    parsed: { error: 'Invalid rule: `RULE:^CN=(.*)$/$1/X`, unmatched substring: `X`' },
    names: [],
  },
  {
    title: 'an empty property',
    rules: '',
    parsed: { toString: 'SslPrincipalMapper(rules = [])' },
    names: [['CN=x', { error: 'No rules apply to CN=x, rules []' }]],
  },
  {
    title: 'the first matching rule wins even when a later one would too',
    rules: 'RULE:^CN=([^,]*),.*$/first-$1/,RULE:^CN=([^,]*),.*$/second-$1/',
    parsed: { toString: 'SslPrincipalMapper(rules = [RULE:^CN=([^,]*),.*$/first-$1, RULE:^CN=([^,]*),.*$/second-$1])' },
    names: [['CN=x,O=y', { name: 'first-x' }]],
  },
];
