// Evaluates CEL expressions emitted by `palisade policy export` with @marcbachmann/cel-js, an implementation
// independent of Palisade. Reads one JSON job on stdin, writes one JSON answer on stdout.
//
// Job: { "programs": [ { "variables": [{name, expression}], "outputs": {key: expression} } ],
//        "cases": [ { "program": 0, "bindings": {object, namespaceObject, request, params} } ] }
// Answer: { "results": [ {key: value | {"error": text}} ], "evaluations": N }
//
// Two shims, both for syntax the Kubernetes CEL environment has and cel-js lacks (see README.md):
// - JSONPatch{op: A, path: B, value: C} (a typed object in MutatingAdmissionPolicy) becomes the map {'op': A, ...};
// - object.metadata.__namespace__ (Kubernetes' escape for the reserved word) reads metadata.namespace.
import {Environment} from '@marcbachmann/cel-js'

export const environment = () => new Environment({
  enableOptionalTypes: true,
  unlistedVariablesAreDyn: true,
  homogeneousAggregateLiterals: false
})

export function rewrite (expression) {
  return expression
    .replaceAll('JSONPatch{op: ', "{'op': ")
    .replaceAll(', path: ', ", 'path': ")
    .replaceAll(', value: ', ", 'value': ")
}

function escapeNamespace (value) {
  if (Array.isArray(value)) return value.map(escapeNamespace)
  if (value === null || typeof value !== 'object') return value
  const out = {}
  for (const [k, v] of Object.entries(value)) out[k] = escapeNamespace(v)
  if (typeof value.namespace === 'string' && (value.name !== undefined || value.labels !== undefined)) out.__namespace__ = value.namespace
  return out
}

function plain (value) {
  if (typeof value === 'bigint') return Number(value)
  if (Array.isArray(value)) return value.map(plain)
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
  return value
}

export function run (job) {
  const env = environment()
  let evaluations = 0
  const compiled = job.programs.map(p => ({
    variables: p.variables.map(v => ({name: v.name, run: env.parse(rewrite(v.expression))})),
    outputs: Object.entries(p.outputs).map(([key, expression]) => ({key, run: env.parse(rewrite(expression))}))
  }))
  const results = job.cases.map(c => {
    const program = compiled[c.program]
    const bindings = escapeNamespace(c.bindings)
    // Gatekeeper exposes the constraint's parameters as variables.params.
    const variables = bindings.params === undefined ? {} : {params: bindings.params}
    const context = {...bindings, variables}
    for (const v of program.variables) {
      evaluations++
      try { variables[v.name] = v.run(context) } catch (e) { variables[v.name] = undefined }
    }
    const out = {}
    for (const o of program.outputs) {
      evaluations++
      try { out[o.key] = plain(o.run(context)) } catch (e) { out[o.key] = {error: e.message.split('\n')[0]} }
    }
    return out
  })
  return {results, evaluations}
}

const chunks = []
process.stdin.on('data', d => chunks.push(d))
process.stdin.on('end', () => {
  const job = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  process.stdout.write(JSON.stringify(run(job)))
})
