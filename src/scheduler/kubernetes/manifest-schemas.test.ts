import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { kubernetesSchemas, readJson, schemaFile } from '../../../test/fixtures/kubernetes/kubernetes-schemas.js'
import { manifestExamples, objectsOf } from '../../../test/fixtures/kubernetes/manifest-examples.js'

const schemas = kubernetesSchemas()
// The schemas come from PyPI at test time: a machine without it skips here, but CI must not.
const skip = 'missing' in schemas && !process.env.CI ? `the Kubernetes schemas are not here: ${schemas.missing}` : false

describe('the planned manifests against the Kubernetes API\'s strict JSON schemas', { skip }, () => {
  if ('missing' in schemas) {
    it('has the schemas', () => assert.fail(schemas.missing))
    return
  }
  for (const [version, dir] of Object.entries(schemas.dirs)) {
    // Strict: the schemas forbid unknown fields, so a misspelt or misplaced field fails too.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
    ajv.addSchema(readJson(`${dir}/_definitions.json`))
    const validators = new Map<string, ReturnType<typeof ajv.compile>>()
    const validatorOf = (apiVersion: string, kind: string) => {
      const file = schemaFile(dir, apiVersion, kind)
      if (!validators.has(file)) validators.set(file, ajv.compile(readJson(file)))
      return validators.get(file)!
    }
    for (const [name, example] of Object.entries(manifestExamples())) {
      it(`accepts every object of ${name} as Kubernetes ${version}`, () => {
        for (const object of objectsOf(example)) {
          const validate = validatorOf(object.apiVersion, object.kind)
          assert.ok(validate(object), `${object.kind} ${object.metadata.name}: ${ajv.errorsText(validate.errors)}`)
        }
      })
    }
    it(`rejects a misspelt field (the schemas of ${version} are strict)`, () => {
      const [deployment] = (manifestExamples()['app-web-worker'] as { deployments: any[] }).deployments
      const broken = structuredClone(deployment)
      broken.spec.template.spec.containers[0].readinesProbe = broken.spec.template.spec.containers[0].readinessProbe
      const validate = validatorOf('apps/v1', 'Deployment')
      assert.equal(validate(broken), false)
    })
  }
})
