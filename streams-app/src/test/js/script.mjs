// Drives a Confluent-compatible schema registry (memstream's embedded one in ConfluentJsClientIT) with
// @kafkajs/confluent-schema-registry and its defaults, and, when a broker is given, produces one chat message with
// kafkajs. Prints one JSON object with what each call answered; the IT judges it.
// Usage: node script.mjs <registry-url> [<bootstrap-servers> <topic>]
// CHAT_MESSAGE_AVSC names memstream's ChatMessage.avsc when the script does not run from streams-app/src/test/js.
import { readFileSync } from 'node:fs'
import { Kafka, logLevel } from 'kafkajs'
import { SchemaRegistry, SchemaType, COMPATIBILITY } from '@kafkajs/confluent-schema-registry'

const [registryUrl, bootstrapServers, topic] = process.argv.slice(2)
if (!registryUrl) {
  console.error('usage: node script.mjs <registry-url> [<bootstrap-servers> <topic>]')
  process.exit(2)
}

const registry = new SchemaRegistry({ host: registryUrl })

// memstream's contract as a producer of its own would write it: its own namespace, one extra optional field.
const contract = JSON.parse(readFileSync(process.env.CHAT_MESSAGE_AVSC
  ?? new URL('../../../../schemas/src/main/avro/ChatMessage.avsc', import.meta.url)))
const producerSchema = {
  ...contract,
  namespace: 'com.example.chat',
  fields: [...contract.fields, { name: 'channel', type: ['null', 'string'], default: null }],
}
const withoutUserId = { ...producerSchema, fields: producerSchema.fields.filter(f => f.name !== 'user_id') }
const avro = schema => ({ type: SchemaType.AVRO, schema: JSON.stringify(schema) })

// What the client reports for a call that should be refused. Its errors carry the HTTP status and message only, so
// the same request is also sent as it is to read Confluent's error_code from the body.
async function refusal(call, { method, path, body } = {}) {
  const outcome = await call().then(answer => ({ refused: false, answer }),
    error => ({ refused: true, status: error.status ?? null, name: error.name, message: error.message }))
  if (path) {
    const raw = await fetch(registryUrl + path, { method, body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' } })
    outcome.errorCode = (await raw.json()).error_code ?? null
  }
  return outcome
}

const result = {}

// 1. register() with every default: subject <namespace>.<name>, compatibility BACKWARD (read, then written).
const registered = await registry.register(avro(contract))
result.defaultSubject = `${contract.namespace}.${contract.name}`
result.id = registered.id
result.idAgain = (await registry.register(avro(contract))).id
result.latestId = await registry.getLatestSchemaId(result.defaultSubject)
result.idBySchema = await registry.getRegistryIdBySchema(result.defaultSubject, avro(contract))

// 2. An unrelated record under the same subject: 409.
const other = { type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] }
result.incompatible = await refusal(() => registry.register(avro(other), { subject: result.defaultSubject }),
  { method: 'POST', path: `/subjects/${result.defaultSubject}/versions`, body: { schema: JSON.stringify(other) } })

// 3. Invalid schemas, sent as they are (the client would refuse a bad Avro schema before sending it): 422 / 42201.
const badDefault = {
  schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'n', type: 'int', default: 'ten' }] }) }
result.badDefault = await refusal(() => registry.api.Subject.register({ subject: 'js-invalid-value', body: badDefault }),
  { method: 'POST', path: '/subjects/js-invalid-value/versions', body: badDefault })
const jsonSchema = { schemaType: 'JSON', schema: JSON.stringify({ type: 'object' }) }
result.jsonSchemaType = await refusal(() => registry.api.Subject.register({ subject: 'js-invalid-value', body: jsonSchema }),
  { method: 'POST', path: '/subjects/js-invalid-value/versions', body: jsonSchema })

// 4. chat-messages-value, where memstream has set FULL_TRANSITIVE: the default (BACKWARD) is told the level
//    differs; a producer that states FULL_TRANSITIVE registers, and dropping user_id is refused.
result.defaultsOnChatMessages = await refusal(() => registry.register(avro(producerSchema), { subject: 'chat-messages-value' }))
const chatMessages = await registry.register(avro(producerSchema),
  { subject: 'chat-messages-value', compatibility: COMPATIBILITY.FULL_TRANSITIVE })
result.chatMessagesId = chatMessages.id
result.droppedUserId = await refusal(() => registry.register(avro(withoutUserId),
  { subject: 'chat-messages-value', compatibility: COMPATIBILITY.FULL_TRANSITIVE }))

// 5. One chat message in the wire format, and, with a broker, produced with kafkajs.
const message = {
  message_id: 'js-1', session_id: 'js-session', user_id: 'js-user', agent_id: null, role: 'USER',
  content: 'I live in Lisbon', timestamp: Date.parse('2026-03-05T09:00:00Z'), timezone: 'Europe/Lisbon',
  type: 'MESSAGE', metadata: { source: 'kafkajs' }, channel: 'web',
}
const encoded = await registry.encode(chatMessages.id, message)
result.record = encoded.toString('base64')
if (bootstrapServers) {
  const kafka = new Kafka({ clientId: 'memstream-js-check', brokers: bootstrapServers.split(','), logLevel: logLevel.ERROR })
  const producer = kafka.producer()
  await producer.connect()
  const sent = await producer.send({ topic, messages: [{ key: message.session_id, value: encoded }] })
  await producer.disconnect()
  result.produced = sent.map(r => ({ partition: r.partition, offset: r.baseOffset }))
}

console.log(JSON.stringify(result))
