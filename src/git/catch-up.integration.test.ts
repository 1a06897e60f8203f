import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { git } from '../../test/support/git.js'
import { GitRepos } from './git-repos.js'
import { keepPushedObjects } from './keep-pushed-objects.js'

// A server killed after a push's build succeeded, but before git moved the branch, must not leave
// the branch behind the release: the pushed objects are kept before the build counts as succeeded,
// and the next start moves the branch to the deployed commit.
describe('a deploy branch cut off by a kill catches up with its deploy', () => {
  let root: string
  let repos: GitRepos
  let work: string
  let bare: string
  const commit = async (message: string) => {
    writeFileSync(join(work, 'file.txt'), message)
    await git(['commit', '-qam', message], work)
    return (await git(['rev-parse', 'HEAD'], work)).stdout.trim()
  }
  const branch = async () => (await git(['rev-parse', 'refs/heads/main'], bare)).stdout.trim()

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'berth-catch-up-'))
    // A pre-receive hook that saves the push's quarantine inside the repository, then refuses the
    // push: what is left is what a git process killed mid-push leaves, plus the saved objects.
    const hooks = join(root, 'hooks')
    mkdirSync(hooks)
    writeFileSync(join(hooks, 'pre-receive'), '#!/bin/sh\nif [ -f refuse ]; then cp -r "$GIT_QUARANTINE_PATH" objects/saved-quarantine; exit 1; fi\n')
    chmodSync(join(hooks, 'pre-receive'), 0o755)
    repos = new GitRepos(join(root, 'repos'), hooks)
    bare = await repos.ensure('app1')
    work = join(root, 'work')
    await git(['init', '-q', '-b', 'main', work], root)
    await git(['config', 'user.email', 't@example.com'], work)
    await git(['config', 'user.name', 't'], work)
    writeFileSync(join(work, 'file.txt'), 'v1')
    await git(['add', '-A'], work)
    await git(['commit', '-qm', 'v1'], work)
    assert.equal((await git(['push', '-q', bare, 'main'], work)).code, 0)
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('keeps the quarantined objects of a refused push and moves the branch to the deployed commit', async () => {
    const before = await branch()
    const deployed = await commit('v2')
    writeFileSync(join(bare, 'refuse'), '')
    assert.notEqual((await git(['push', '-q', bare, 'main'], work)).code, 0)
    rmSync(join(bare, 'refuse'))
    assert.equal(await branch(), before, 'the refused push left the branch alone')
    assert.equal(await repos.catchUp('app1', deployed), 'missing', 'git dropped the quarantine with the push')

    assert.ok((await keepPushedObjects(bare, join(bare, 'objects', 'saved-quarantine'))) > 0)
    assert.equal(await repos.catchUp('app1', deployed), 'moved')
    assert.equal(await branch(), deployed)
    assert.equal(await repos.catchUp('app1', deployed), 'current')
    assert.equal((await git(['fsck', '--no-dangling'], bare)).code, 0, 'the repository is whole')
  })

  it('moves nothing for a commit that is not ahead of the branch, or not a commit sha', async () => {
    const current = await branch()
    await git(['checkout', '-q', '-b', 'other', `${current}~1`], work)
    const aside = await commit('aside')
    assert.equal((await git(['push', '-q', bare, 'other'], work)).code, 0)
    assert.equal(await repos.catchUp('app1', aside), 'diverged')
    assert.equal(await repos.catchUp('app1', '--upload-pack=x'), 'missing')
    assert.equal(await branch(), current)
  })

  it('refuses a quarantine outside the repository', async () => {
    await assert.rejects(keepPushedObjects(bare, root), /not inside the repository/)
    await assert.rejects(keepPushedObjects(bare, join(bare, 'objects')), /not inside the repository/)
  })
})
