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
