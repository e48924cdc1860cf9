// `npm run fuzz [seconds]`: libFuzzer (clang, with AddressSanitizer and UBSan) over the
// document reader, validator and a pass on every document they accept. Default 60 s.
// New inputs go to build/fuzz/corpus; a crash is written to build/fuzz/ and fails the run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { log, root, run } from './setup.mjs';

const seconds = Number(process.argv[2] ?? process.env.FUZZ_SECONDS ?? 60);
const dir = join(root, 'build', 'fuzz');
mkdirSync(join(dir, 'corpus'), { recursive: true });
const binary = join(dir, 'document_fuzz');
run('clang++', [
  '-std=c++17', '-g', '-O1', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=all',
  '-I', 'engine', '-I', '/usr/include/eigen3',
  'tests/fuzz/document_fuzz.cpp', 'engine/json.cpp', 'engine/document.cpp', 'engine/activation.cpp',
  'engine/init.cpp', 'engine/network.cpp', '-o', binary,
]);
log(`fuzzing for ${seconds} s`);
run(binary, [
  `-max_total_time=${seconds}`, '-max_len=4096', '-timeout=10', `-artifact_prefix=${dir}/`,
  '-print_final_stats=1', join(dir, 'corpus'), join(root, 'tests', 'fuzz', 'corpus'),
]);
