import { MemoryRolloutStore } from './memory-rollout-store.js'
import { runRolloutStoreContract } from './rollout-store.contract.js'

runRolloutStoreContract('MemoryRolloutStore', async () => {
  const store = new MemoryRolloutStore()
  return { store, appId: store.app.id, append: async (processTypes, configVars) => store.append(processTypes, configVars), cleanup: async () => undefined }
})
