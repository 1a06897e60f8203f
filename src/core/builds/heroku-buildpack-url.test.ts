import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { herokuBuildpackHint } from './heroku-buildpack-url.js'

describe('herokuBuildpackHint', () => {
  it('names the built-in that stands for a Heroku buildpack URL', () => {
    for (const url of ['https://github.com/heroku/heroku-buildpack-nodejs', 'https://github.com/heroku/heroku-buildpack-nodejs.git#v250',
      'https://codon-buildpacks.s3.amazonaws.com/buildpacks/heroku/nodejs.tgz', 'https://buildpack-registry.s3.amazonaws.com/buildpacks/heroku/nodejs.tgz']) {
      assert.match(herokuBuildpackHint(url) ?? '', /built in: use heroku\/nodejs \(`heroku buildpacks:set heroku\/nodejs`\)/, url)
    }
  })

  it('lists the built-ins when Berth has none for that Heroku buildpack', () => {
    assert.match(herokuBuildpackHint('https://github.com/heroku/heroku-buildpack-cobol') ?? '', /no built-in heroku\/cobol; its built-in buildpacks are heroku\/nodejs, .*heroku\/procfile/)
  })

  it('says nothing about other URLs', () => {
    assert.equal(herokuBuildpackHint('https://github.com/someone/heroku-buildpack-nodejs'), null)
    assert.equal(herokuBuildpackHint('https://example.com/heroku/heroku-buildpack-nodejs'), null)
  })
})
