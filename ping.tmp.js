const { Connection } = require('@temporalio/client');
const { NativeConnection } = require('@temporalio/worker');
const { InternalConnectionOptionsSymbol } = require('@temporalio/client/lib/connection');
const { spawn } = require('child_process');
(async () => {
  const port = 39123;
  const p = spawn('.tools/test-server/bin/temporal-test-server', [String(port)], { stdio: 'inherit' });
  await new Promise(r => setTimeout(r, 3000));
  const c = await Connection.connect({ address: 'localhost:' + port, [InternalConnectionOptionsSymbol]: { supportsTestService: true } });
  const n = await NativeConnection.connect({ address: 'localhost:' + port });
  const t0 = Date.now();
  // a long call in flight: sleep 200 s of server time... locked by default so it's real time
  c.testService.unlockTimeSkippingWithSleep({ duration: { seconds: 200 } }).then(() => console.log('sleep ok', (Date.now()-t0)/1000), (e) => console.log('sleep err', (Date.now()-t0)/1000, e.code, e.details || e.message));
  for (let i = 0; i < 14; i++) {
    await new Promise(r => setTimeout(r, 15000));
    try { await c.testService.getCurrentTime({}); console.log('ok', (Date.now()-t0)/1000); } catch (e) { console.log('err', (Date.now()-t0)/1000, e.message); }
    try { await n.workflowService.getSystemInfo({}); console.log('native ok'); } catch (e) { console.log('native err', e.message); }
  }
  p.kill();
  process.exit(0);
})();
