import assert from 'node:assert/strict'
import { it } from 'node:test'
import { parseStackBuildArgs, STACK_BUILD_DEFAULTS } from './stack-build.js'

it('takes the defaults, an image, a suite, a mirror and extra packages (added to the defaults)', () => {
  assert.deepEqual(parseStackBuildArgs([]), STACK_BUILD_DEFAULTS)
  const options = parseStackBuildArgs(['--image', 'acme/stack:24', '--suite', 'trixie', '--mirror', 'http://mirror.local:3142/debian', '--packages', 'python3,curl'])
  assert.equal(options.image, 'acme/stack:24')
  assert.equal(options.suite, 'trixie')
  assert.equal(options.mirror, 'http://mirror.local:3142/debian')
  assert.deepEqual(options.packages, [...STACK_BUILD_DEFAULTS.packages, 'python3'])
  assert.equal(options.localCas, true)
  assert.equal(parseStackBuildArgs(['--local-cas', 'no']).localCas, false)
})

it('refuses what it does not know, and anything that could reach debootstrap or docker as more than one argument', () => {
  for (const argv of [
    ['--image'], ['--image', 'no-tag'], ['--image', 'UPPER:1'], ['--image', 'a:b\0'], ['--suite', '../x'], ['--mirror', 'file:///etc'],
    ['--mirror', 'http://x/ --foo'], ['--packages', 'a;rm -rf /'], ['--packages', '-bad'], ['--packages', 'a,,b'], ['--force', 'yes'], ['--local-cas', 'maybe'],
  ]) {
    assert.throws(() => parseStackBuildArgs(argv), /usage: berth stack:build/, argv.join(' '))
  }
})
