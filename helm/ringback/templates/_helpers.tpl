{{/* Common labels of every object of the release. */}}
{{- define "ringback.labels" -}}
app.kubernetes.io/part-of: ringback
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Name of the Secret holding the database credentials. */}}
{{- define "ringback.databaseSecret" -}}
{{ required "database.secret is required" .Values.database.secret }}
{{- end -}}

{{/* Selector labels of one service's pods; call with (list $ "<service>"). */}}
{{- define "ringback.selector" -}}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
app.kubernetes.io/name: {{ index . 1 }}
{{- end -}}

{{/*
Kafka client settings as environment variables: Quarkus hands every KAFKA_* variable to every
Kafka client (KAFKA_SASL_JAAS_CONFIG becomes sasl.jaas.config). Secrets are referenced, never
inlined: the JAAS line takes the password by Kubernetes' $(VAR) expansion of the variable above it.
*/}}
{{- define "ringback.kafkaEnv" -}}
{{- $kafka := .Values.kafka -}}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ $kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL_" $kafka.securityProtocol }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $kafka.sasl.mechanism | quote }}
- name: RINGBACK_KAFKA_SASL_USERNAME
  {{- if $kafka.sasl.usernameKey }}
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.secret is required with SASL" $kafka.sasl.secret }}
      key: {{ $kafka.sasl.usernameKey }}
  {{- else }}
  value: {{ required "kafka.sasl.username or kafka.sasl.usernameKey is required with SASL" $kafka.sasl.username | quote }}
  {{- end }}
- name: RINGBACK_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.secret is required with SASL" $kafka.sasl.secret }}
      key: {{ $kafka.sasl.passwordKey }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: {{ printf "org.apache.kafka.common.security.%s required username=\"$(RINGBACK_KAFKA_SASL_USERNAME)\" password=\"$(RINGBACK_KAFKA_SASL_PASSWORD)\";" (ternary "plain.PlainLoginModule" "scram.ScramLoginModule" (eq $kafka.sasl.mechanism "PLAIN")) | quote }}
{{- end }}
{{- if hasSuffix "SSL" $kafka.securityProtocol }}
{{- with $kafka.tls.caSecret }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/ringback/kafka-ca/{{ $kafka.tls.caKey }}
{{- end }}
{{- with $kafka.tls.clientSecret }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: PKCS12
- name: KAFKA_SSL_KEYSTORE_LOCATION
  value: /etc/ringback/kafka-client/{{ $kafka.tls.clientKeystoreKey }}
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $kafka.tls.clientPasswordKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The volumes holding the Kafka CA and client certificate, from their Secrets. */}}
{{- define "ringback.kafkaVolumes" -}}
{{- $kafka := .Values.kafka -}}
{{- if hasSuffix "SSL" $kafka.securityProtocol }}
{{- with $kafka.tls.caSecret }}
- name: kafka-ca
  secret: {secretName: {{ . }}}
{{- end }}
{{- with $kafka.tls.clientSecret }}
- name: kafka-client
  secret: {secretName: {{ . }}}
{{- end }}
{{- end }}
{{- end -}}

{{- define "ringback.kafkaVolumeMounts" -}}
{{- $kafka := .Values.kafka -}}
{{- if hasSuffix "SSL" $kafka.securityProtocol }}
{{- with $kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/ringback/kafka-ca
  readOnly: true
{{- end }}
{{- with $kafka.tls.clientSecret }}
- name: kafka-client
  mountPath: /etc/ringback/kafka-client
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{/*
Who calls whose gRPC API (docs/architecture.md): every service resolves REST callers' keys through
accounts; accounts checks rate plans with rating; cdr rates through rating; signaling calls all three.
*/}}
{{- define "ringback.grpcCallers" -}}
accounts: [rating, media, cdr, signaling]
rating: [accounts, cdr, signaling]
media: [signaling]
cdr: []
signaling: []
{{- end -}}
