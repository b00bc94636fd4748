#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: one source of truth, no server build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
await runCli(process.argv);
