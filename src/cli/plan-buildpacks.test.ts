import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CliError } from './cli-error.js'
import { addBuildpack, parseBuildpackIndex, removeBuildpack, setBuildpack } from './plan-buildpacks.js'

const refusal = (message: string) => (error: unknown) => error instanceof CliError && error.message === message

describe("buildpack list changes, as Heroku's CLI makes them", () => {
  const two = ['heroku/nodejs', 'heroku/python']

  it('reads --index as a 1-based position and refuses anything else', () => {
    assert.deepEqual(['1', '3', undefined].map(parseBuildpackIndex), [1, 3, undefined])
    for (const bad of ['0', '-1', 'two', '1.5', '']) assert.throws(() => parseBuildpackIndex(bad), refusal('Invalid index. Must be greater than 0.'), bad)
  })

  it('adds last, or before the --index one; an index past the end adds last', () => {
    assert.deepEqual(addBuildpack(two, 'heroku/go'), [...two, 'heroku/go'])
    assert.deepEqual(addBuildpack(two, 'heroku/go', 1), ['heroku/go', ...two])
    assert.deepEqual(addBuildpack(two, 'heroku/go', 2), ['heroku/nodejs', 'heroku/go', 'heroku/python'])
    assert.deepEqual(addBuildpack(two, 'heroku/go', 9), [...two, 'heroku/go'])
    assert.deepEqual(addBuildpack([], 'heroku/go', 1), ['heroku/go'])
  })

  it('refuses to add or set a buildpack already in the list', () => {
    assert.throws(() => addBuildpack(two, 'heroku/python', 1), refusal('The buildpack heroku/python is already set on your app.'))
    assert.throws(() => setBuildpack(two, 'heroku/nodejs'), refusal('The buildpack heroku/nodejs is already set on your app.'))
  })

  it('sets in place of the first, or of the --index one, keeping the rest', () => {
    assert.deepEqual(setBuildpack(two, 'heroku/go'), ['heroku/go', 'heroku/python'])
    assert.deepEqual(setBuildpack(two, 'heroku/go', 2), ['heroku/nodejs', 'heroku/go'])
    assert.deepEqual(setBuildpack(two, 'heroku/go', 5), [...two, 'heroku/go'])
    assert.deepEqual(setBuildpack([], 'heroku/go'), ['heroku/go'])
  })

  it('removes by name or by --index', () => {
    assert.deepEqual(removeBuildpack('demo', two, { buildpack: 'heroku/nodejs' }), ['heroku/python'])
    assert.deepEqual(removeBuildpack('demo', two, { index: 2 }), ['heroku/nodejs'])
    assert.deepEqual(removeBuildpack('demo', ['heroku/go'], { index: 1 }), [])
  })

  it('refuses a removal that names nothing, both things, or what is not there', () => {
    const cases: [readonly string[], { buildpack?: string; index?: number }, string][] = [
      [two, {}, 'Usage: berth buildpacks:remove [BUILDPACK]. Must specify a buildpack to remove, either by index or URL.'],
      [two, { buildpack: 'heroku/nodejs', index: 1 }, 'Please choose either index or Buildpack, but not both.'],
      [[], { index: 1 }, 'No buildpacks were found. Next release on demo will detect buildpack normally.'],
      [two, { index: 3 }, 'Invalid index. Please choose a value between 1 and 2'],
      [['heroku/go'], { index: 2 }, 'Invalid index. Only valid value is 1.'],
      [two, { buildpack: 'heroku/go' }, 'Buildpack not found. Nothing was removed.'],
    ]
    for (const [current, target, message] of cases) assert.throws(() => removeBuildpack('demo', current, target), refusal(message), message)
  })
})
