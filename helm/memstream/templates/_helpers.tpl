{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "memstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name of the app's resources. */}}
{{- define "memstream.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "memstream.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "memstream.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "memstream.headlessName" -}}
{{- printf "%s-headless" (include "memstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "memstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "memstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "memstream.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "memstream.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: memstream
{{- end -}}

{{- define "memstream.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Environment variable of a memstream setting: batch.size -> MEMSTREAM_BATCH_SIZE (the app's ConfigLoader mapping). */}}
{{- define "memstream.envName" -}}
{{- printf "MEMSTREAM_%s" (. | upper | replace "." "_") -}}
{{- end -}}

{{/* Where the state stores live: the PVC mount. */}}
{{- define "memstream.stateMount" -}}/var/lib/memstream{{- end -}}

{{/*
The Debezium JDBC sink config: connectors/src/main/resources/memstream/memories-sink.json with its placeholders
filled (the chart tests check the two agree). user and password are given by the caller.
*/}}
{{- define "memstream.connectorConfig" -}}
{{- $c := .root.Values.connector -}}
connector.class: io.debezium.connector.jdbc.JdbcSinkConnector
tasks.max: {{ $c.tasksMax | quote }}
topics: {{ $c.topic | quote }}
connection.url: {{ $c.jdbcUrl | quote }}
connection.username: {{ .user | quote }}
connection.password: {{ .password | quote }}
hibernate.connection.logServerErrorDetail: "false"
collection.name.format: memories
insert.mode: upsert
delete.enabled: "true"
primary.key.mode: record_key
primary.key.fields: memory_id
schema.evolution: none
use.time.zone: UTC
consumer.override.isolation.level: read_committed
key.converter: org.apache.kafka.connect.storage.StringConverter
value.converter: io.memstream.connect.AvroWireFormatConverter
value.converter.schema.registry.url: {{ $c.schemaRegistryUrl | quote }}
transforms: keyAsStruct
transforms.keyAsStruct.type: org.apache.kafka.connect.transforms.HoistField$Key
transforms.keyAsStruct.field: memory_id
errors.tolerance: all
errors.log.enable: "true"
errors.retry.timeout: "300000"
errors.retry.delay.max.ms: "30000"
errors.deadletterqueue.topic.name: {{ printf "%s-dlq" $c.topic | quote }}
errors.deadletterqueue.topic.replication.factor: {{ $c.dlqReplicationFactor | quote }}
errors.deadletterqueue.context.headers.enable: "true"
{{- end -}}
