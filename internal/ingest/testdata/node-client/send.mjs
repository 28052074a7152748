// Usage: node send.mjs HOST WRITE_KEY COUNT RUN_ID
// Sends COUNT track events (properties {run, i}) spread over ten users through
// @segment/analytics-node, then flushes and exits non-zero if any failed.
import { Analytics } from '@segment/analytics-node'

const [host, writeKey, countArg, run] = process.argv.slice(2)
const count = Number(countArg)
if (!host || !writeKey || !(count > 0) || !run) {
  console.error('usage: node send.mjs HOST WRITE_KEY COUNT RUN_ID')
  process.exit(2)
}

const analytics = new Analytics({ writeKey, host, flushAt: 100, flushInterval: 50, maxRetries: 3 })
let failed = 0
analytics.on('error', (err) => {
  failed++
  console.error('analytics-node error:', err.code ?? '', err.reason?.message ?? err.message ?? err)
})

for (let i = 0; i < count; i++) {
  analytics.track({
    userId: `${run}-user-${i % 10}`,
    event: 'Product Viewed',
    properties: { run, i, product_id: `p-${i % 37}`, category: 'shoes', price: 199.5 },
    context: { app: { name: 'Rapport Test Shop', version: '1.0.0' } },
  })
}
await analytics.closeAndFlush({ timeout: 30000 })
if (failed > 0) {
  console.error(`${failed} batches failed`)
  process.exit(1)
}
console.log(`sent ${count} events`)
