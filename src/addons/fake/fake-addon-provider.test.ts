import { runAddonProviderContract } from '../addon-provider.contract.js'
import { FakeAddonProvider } from './fake-addon-provider.js'

for (const service of ['berth-postgresql', 'berth-redis']) {
  const provider = new FakeAddonProvider(service)
  runAddonProviderContract(`FakeAddonProvider (${service})`, {
    provider,
    unreachable: new FakeAddonProvider(service, { reachable: false }),
    write: (config, value) => provider.write(config, value),
    read: (reader, owner) => provider.read(reader, owner),
    leftovers: async (providerId) => provider.leftovers(providerId),
  })
}
