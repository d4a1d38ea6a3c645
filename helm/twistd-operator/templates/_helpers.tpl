{{/* The chart name, or nameOverride. */}}
{{- define "twistd-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every resource name: fullnameOverride, or the release name, followed by the chart
name unless the release name already contains it. At most 63 characters (DNS label).
*/}}
{{- define "twistd-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* chart-version, for the helm.sh/chart label. */}}
{{- define "twistd-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "twistd-operator.labels" -}}
helm.sh/chart: {{ include "twistd-operator.chart" . }}
{{ include "twistd-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: twistd
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select the operator's pods; never change them (a Deployment's selector is immutable). */}}
{{- define "twistd-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "twistd-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The ServiceAccount the operator runs as. */}}
{{- define "twistd-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "twistd-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator image, repository:tag (tag defaults to the chart's appVersion). */}}
{{- define "twistd-operator.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The default runtime image, repository:tag (tag defaults to the chart's appVersion). */}}
{{- define "twistd-operator.runtimeImage" -}}
{{- printf "%s:%s" .Values.runtimeImage.repository (.Values.runtimeImage.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
What the operator does to TwistedApplications and their children, in every watched namespace.
One rule per kind, each with only the verbs the operator's code uses; the comment says which code.
Shared by the ClusterRole (all namespaces) and the per-namespace Roles (watchNamespaces).
*/}}
{{- define "twistd-operator.rules" -}}
# The primary resource: JOSDK's informer lists and watches TwistedApplications.
- apiGroups: ["twistd.io"]
  resources: ["twistedapplications"]
  verbs: ["get", "list", "watch"]
# The reconciler writes status (Ready, Progressing, Degraded, ConfigValid, revisions) by
# server-side apply on the status subresource.
- apiGroups: ["twistd.io"]
  resources: ["twistedapplications/status"]
  verbs: ["patch"]
# Config revisions (ConfigMapDependent, server-side apply): watched, applied; revisions beyond
# spec.rollout.revisionHistoryLimit are pruned.
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# The application's Deployment (DeploymentDependent): watched and applied; deleted only by the
# garbage collector with its owner.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch"]
# The Service for the listened ports (ServiceDependent): deleted when no service listens.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# The PodDisruptionBudget (DisruptionBudgetDependent): deleted when replicas drop to 1.
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# Rollout tracking: a revision's ReplicaSets and Pods tell whether it became available or
# crash-loops (auto-rollback), and which pods to ask for their applied revision (HotReload).
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# Secrets named in spec.secrets are hashed into the pod template, so a rotation rolls the pods.
# The operator reads them; it never writes them.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
# Events on TwistedApplications (EventRecorder): created, and patched to count repeats.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
