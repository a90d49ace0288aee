// Who and where: the people and machines of the demo incident. Addresses are from the private
// ranges and the documentation ranges (RFC 5737), so the demo never names a real machine.

/** How a person types: median delay between keys, spread, and how often they make a typo. */
export interface TypingProfile {
  medianKeyMs: number;
  sigma: number;
  /** Probability that a typed command contains one corrected typo. */
  typoRate: number;
  /** Probability that two keys arrive in one read (one `in` record). */
  burstRate: number;
}

export interface Person {
  user: string;
  uid: number;
  home: string;
  role: string;
  /** Where this person usually connects from. */
  remote: string;
  typing: TypingProfile;
  /** The sudo password this person types (never echoed; appears only in `in` records). */
  password: string;
}

export interface Host {
  name: string;
  ip: string;
}

export const PEOPLE = {
  alice: {
    user: 'alice', uid: 1001, home: '/home/alice', role: 'administrator', remote: '10.0.0.5',
    typing: { medianKeyMs: 135, sigma: 0.45, typoRate: 0.15, burstRate: 0.08 },
    password: 'correct-Horse-42',
  },
  bob: {
    user: 'bob', uid: 1002, home: '/home/bob', role: 'developer', remote: '10.0.0.5',
    typing: { medianKeyMs: 105, sigma: 0.5, typoRate: 0.3, burstRate: 0.12 },
    password: 'b0b-likes-Rust',
  },
  carol: {
    user: 'carol', uid: 1003, home: '/home/carol', role: 'on-call SRE', remote: '10.0.0.5',
    typing: { medianKeyMs: 150, sigma: 0.5, typoRate: 0.25, burstRate: 0.05 },
    password: '0ncall!Pager',
  },
  mallory: {
    user: 'mallory', uid: 1004, home: '/home/mallory', role: 'contractor', remote: '198.51.100.23',
    typing: { medianKeyMs: 85, sigma: 0.35, typoRate: 0.1, burstRate: 0.2 },
    password: 'Sn0wfall#2024',
  },
} as const satisfies Record<string, Person>;

/** Mallory's first, wrong guess at the sudo prompt. */
export const MALLORY_WRONG_PASSWORD = 'Passw0rd!';
/** The password mallory gives the account she creates. */
export const BACKUP2_PASSWORD = 'b4ckup2-Persist';

export const ORDINARY_PEOPLE: readonly Person[] = [PEOPLE.alice, PEOPLE.bob, PEOPLE.carol];

export const HOSTS = {
  web1: { name: 'web-1', ip: '10.0.1.11' },
  web2: { name: 'web-2', ip: '10.0.1.12' },
  db1: { name: 'db-1', ip: '10.0.2.21' },
  bastion: { name: 'bastion', ip: '10.0.0.5' },
} as const satisfies Record<string, Host>;

export const ALL_HOSTS: readonly Host[] = [HOSTS.web1, HOSTS.web2, HOSTS.db1, HOSTS.bastion];

/** The attacker's server (TEST-NET-3). */
export const ATTACKER_IP = '203.0.113.7';

/** Every secret typed at a hidden prompt anywhere in the demo: in `in` records, never in `out`. */
export const HIDDEN_INPUTS: readonly string[] = [
  PEOPLE.alice.password, PEOPLE.bob.password, PEOPLE.carol.password, PEOPLE.mallory.password,
  MALLORY_WRONG_PASSWORD, BACKUP2_PASSWORD,
];
