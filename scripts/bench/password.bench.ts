// Cost of argon2id at the chosen parameters: the floor of every staff sign-in.
import { hashPassword, verifyPassword } from '../../apps/server/src/auth/passwords.ts';

const rounds = 20;
const hash = await hashPassword('benchmark password');
let start = performance.now();
for (let i = 0; i < rounds; i++) await hashPassword('benchmark password');
const hashMs = (performance.now() - start) / rounds;
start = performance.now();
for (let i = 0; i < rounds; i++) await verifyPassword(hash, 'benchmark password');
const verifyMs = (performance.now() - start) / rounds;
console.log(
  `argon2id m=19 MiB t=2 p=1: hash ${hashMs.toFixed(1)} ms, verify ${verifyMs.toFixed(1)} ms (mean of ${rounds})`,
);
