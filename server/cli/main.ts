import { runCli, terminalConfirm } from './connectory';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  confirm: terminalConfirm(),
});
