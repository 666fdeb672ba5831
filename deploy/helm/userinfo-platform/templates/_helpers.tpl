{{/*
Names, labels and the pieces every service shares. A "service context" ($s) is a dict made by
platform.services: root (the chart's $), key (authService ...), name (auth-service ...), svc (its values).
*/}}

{{- define "platform.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "platform.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The three services, in a fixed order: values key -> service name. */}}
{{- define "platform.serviceKeys" -}}
authService: auth-service
userinfoService: userinfo-service
accountQuotaService: account-quota-service
{{- end -}}

{{/* Resource name of one service: <fullname>-<service>. Argument: root and a service name. */}}
{{- define "platform.resourceName" -}}
{{- printf "%s-%s" (include "platform.fullname" .root) .name -}}
{{- end -}}

{{- define "platform.chartLabel" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object of one service ($s). */}}
{{- define "platform.labels" -}}
helm.sh/chart: {{ include "platform.chartLabel" .root }}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: {{ include "platform.name" .root }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end -}}

{{/* Selector of the serving pods of one service ($s); migration Job pods do not match it. */}}
{{- define "platform.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: server
{{- end -}}

{{- define "platform.image" -}}
{{- $root := .root -}}
{{- $tag := .svc.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- if eq $root.Values.image.variant "jvm" -}}
{{- $tag = printf "%s-jvm" $tag -}}
{{- end -}}
{{- if .svc.image.digest -}}
{{- /* Pinned by digest: what runs is exactly the image that was tested, whatever a tag points at later. */ -}}
{{- printf "%s/%s@%s" $root.Values.image.registry .svc.image.repository .svc.image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $root.Values.image.registry .svc.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
What the public Ingress and HTTPRoutes of each service publish (issue #16 item 4), the one list both use: the pages,
OAuth/OIDC and seed endpoints of each service's README, nothing else. /admin, /internal and /q stay inside the cluster;
the admin paths are routed only by the optional admin Ingress/HTTPRoute. A Prefix matches whole path segments
(Kubernetes Ingress pathType Prefix, Gateway API PathPrefix): /account matches /account/apps, not /accounts.
*/}}
{{- define "platform.routes" -}}
auth-service:
  public:
    - {path: /login, type: Exact}
    - {path: /logout, type: Exact}
    - {path: /account, type: Prefix}
    - {path: /developer, type: Prefix}
    - {path: /operator, type: Prefix}
    - {path: /me, type: Prefix}
    - {path: /oauth2, type: Prefix}
    - {path: /.well-known, type: Prefix}
    - {path: /userservices/v2/authorization, type: Prefix}
    - {path: /static, type: Prefix}
  admin:
    - {path: /admin, type: Prefix}
userinfo-service:
  public:
    - {path: /chatroom/api/account/info, type: Exact}
    - {path: /userservices/v2/authorization/userinfo, type: Exact}
    - {path: /user/info, type: Exact}
    - {path: /developer/profile.php, type: Exact}
    - {path: /developer/user_info.php, type: Exact}
    - {path: /userinfo, type: Exact}
    - {path: /whoami, type: Exact}
  admin:
    - {path: /admin, type: Prefix}
account-quota-service:
  public:
    - {path: /api/user, type: Prefix}
    - {path: /api/quota, type: Prefix}
    - {path: /whoami, type: Exact}
  admin:
    - {path: /api/admin, type: Prefix}
{{- end -}}

{{/* In-cluster HTTPS base URL of a service of this release. Argument: root and a service name. */}}
{{- define "platform.serviceUrl" -}}
{{- printf "https://%s" (include "platform.resourceName" .) -}}
{{- end -}}

{{/* The PostgreSQL URLs and TLS settings of one service ($s), as application properties. */}}
{{- define "platform.databaseProperties" -}}
{{- $db := .root.Values.database -}}
{{- $base := printf "%s:%v/%s" $db.host $db.port $db.name -}}
{{- $verify := or (eq $db.sslMode "verify-ca") (eq $db.sslMode "verify-full") }}
quarkus.datasource.reactive.url=postgresql://{{ $base }}
quarkus.datasource.reactive.postgresql.ssl-mode={{ $db.sslMode }}
{{- if eq $db.sslMode "require" }}
quarkus.datasource.reactive.trust-all=true
{{- end }}
{{- if $verify }}
quarkus.datasource.reactive.trust-certificate-pem=true
quarkus.datasource.reactive.trust-certificate-pem.certs=/etc/platform/db-ca/ca.crt
quarkus.datasource.reactive.hostname-verification-algorithm={{ ternary "HTTPS" "NONE" (eq $db.sslMode "verify-full") }}
quarkus.datasource.jdbc.url=jdbc:postgresql://{{ $base }}?sslmode={{ $db.sslMode }}&sslrootcert=/etc/platform/db-ca/ca.crt
{{- else }}
quarkus.datasource.jdbc.url=jdbc:postgresql://{{ $base }}?sslmode={{ $db.sslMode }}
{{- end }}
# Connections per pod (deploy/README.md, "Connection budget"): these pools and one LISTEN connection.
quarkus.datasource.reactive.max-size={{ $db.pool.reactiveMaxSize }}
quarkus.datasource.jdbc.max-size={{ $db.pool.jdbcMaxSize }}
{{- if not $db.pgbouncer.enabled }}
# Unqualified names resolve in the service's own schema; PgBouncer would refuse this startup parameter.
quarkus.datasource.reactive.additional-properties.search_path={{ include "platform.schema" . }}
{{- end }}
{{- with $db.direct.host }}
{{- $direct := printf "%s:%v/%s" . $db.direct.port $db.name }}
# LISTEN and Flyway's advisory lock need a session on PostgreSQL itself, not a pooler's (issue #16 item 5).
platform.database.direct-url=postgresql://{{ $direct }}
quarkus.flyway.jdbc-url=jdbc:postgresql://{{ $direct }}?sslmode={{ $db.sslMode }}{{ if $verify }}&sslrootcert=/etc/platform/db-ca/ca.crt{{ end }}
{{- end }}
{{- end -}}

{{/* The schema a service ($s) owns. */}}
{{- define "platform.schema" -}}
{{- get (dict "auth-service" "auth" "userinfo-service" "userinfo" "account-quota-service" "quota") .name -}}
{{- end -}}

{{/* The application.properties of one service ($s): everything but secrets. */}}
{{- define "platform.applicationProperties" -}}
{{- $root := .root -}}
# Rendered by the userinfo-platform chart. Secrets are environment variables from Secrets, never here.
# Above the application.properties inside the image (ordinal 250), below environment variables (300).
config_ordinal=270
quarkus.http.ssl-port=8443
platform.tls.cert=/etc/platform/tls/tls.crt
platform.tls.key=/etc/platform/tls/tls.key
platform.auth-service.ca=/etc/platform/ca/ca.crt
{{- include "platform.databaseProperties" . }}
# Flyway migrates at start under a PostgreSQL advisory lock: after this release's migration Job it finds
# nothing to do; without the Job (kubectl apply -f k8s/) the first pod migrates and the others wait.
quarkus.flyway.migrate-at-start=true
# Graceful shutdown (values shutdown; deploy/README.md "Upgrade and rollback").
quarkus.shutdown.delay={{ $root.Values.shutdown.delaySeconds }}s
quarkus.shutdown.timeout={{ $root.Values.shutdown.timeoutSeconds }}s
{{- with $root.Values.ingress.trustedProxies }}
# The client address from X-Forwarded-For, believed only from the ingress controller.
quarkus.http.proxy.proxy-address-forwarding=true
quarkus.http.proxy.allow-x-forwarded=true
quarkus.http.proxy.trusted-proxies={{ join "," . }}
{{- end }}
{{- if eq .name "auth-service" }}
auth.issuer={{ $root.Values.issuer }}
# RFC 8707 / RFC 9068: access tokens' aud names these resource servers (their public URLs), each checks its own.
auth.tokens.resources=https://{{ $root.Values.userinfoService.ingress.host }},https://{{ $root.Values.accountQuotaService.ingress.host }}
auth.delivery.subscribers.userinfo-service.url={{ include "platform.serviceUrl" (dict "root" $root "name" "userinfo-service") }}/internal/user-events
auth.delivery.subscribers.account-quota-service.url={{ include "platform.serviceUrl" (dict "root" $root "name" "account-quota-service") }}/internal/user-events
# App registrations (docs/internal-contracts.md §5): userinfo-service learns every app from auth-service.
auth.delivery.subscribers.userinfo-service.app-events-url={{ include "platform.serviceUrl" (dict "root" $root "name" "userinfo-service") }}/internal/app-events
{{- if $root.Values.userinfoService.ingress.enabled }}
# Discovery publishes userinfo-service's public OIDC UserInfo endpoint.
auth.discovery.userinfo-endpoint=https://{{ $root.Values.userinfoService.ingress.host }}/userinfo
{{- end }}
# The consoles (issue #18): the operator console calls the three admin APIs in-cluster with the operator's own token
# (userinfo-service and account-quota-service at the delivery subscribers' origins); the developer console's quick
# start shows the resource services' public URLs.
auth.console.auth-url={{ include "platform.serviceUrl" (dict "root" $root "name" "auth-service") }}
auth.developer.userinfo-url=https://{{ $root.Values.userinfoService.ingress.host }}
auth.developer.quota-url=https://{{ $root.Values.accountQuotaService.ingress.host }}
auth.revocation.feed-clients={{ $root.Values.userinfoService.revocationClientId }},{{ $root.Values.accountQuotaService.revocationClientId }}
# The resource services' client secrets, from their Secrets through the environment (never written here).
auth.revocation.feed-client-secrets.{{ $root.Values.userinfoService.revocationClientId }}=${USERINFO_SERVICE_CLIENT_SECRET}
auth.revocation.feed-client-secrets.{{ $root.Values.accountQuotaService.revocationClientId }}=${ACCOUNT_QUOTA_SERVICE_CLIENT_SECRET}
# Seed 000's authorization prompts are opened by userinfo-service with its own client credentials.
auth.prompts.trigger-clients={{ $root.Values.userinfoService.revocationClientId }}
{{- with ($root.Values.quota).writers }}
# First-party services given service:quota_write by client_credentials (account-quota-service: platform.quota.writers).
auth.service-scopes.quota-writers={{ join "," . }}
{{- end }}
{{- range $name, $url := .svc.delivery.extraSubscribers }}
auth.delivery.subscribers.{{ $name }}.url={{ $url }}
{{- end }}
{{- range $name, $url := .svc.delivery.extraAppEventSubscribers }}
auth.delivery.subscribers.{{ $name }}.app-events-url={{ $url }}
{{- end }}
{{- else }}
platform.jwt.issuer={{ $root.Values.issuer }}
platform.jwt.jwks-url={{ include "platform.serviceUrl" (dict "root" $root "name" "auth-service") }}/.well-known/jwks.json
platform.jwt.audience=https://{{ .svc.ingress.host }}
platform.jwt.client-id={{ .svc.revocationClientId }}
platform.jwt.revocation.feed-url={{ include "platform.serviceUrl" (dict "root" $root "name" "auth-service") }}/internal/revocations
platform.jwt.personal-tokens.introspection-url={{ include "platform.serviceUrl" (dict "root" $root "name" "auth-service") }}/oauth2/introspect
{{- if eq .name "account-quota-service" }}
{{- with ($root.Values.quota).writers }}
# First-party services that may write any account with service:quota_write (auth-service: auth.service-scopes.quota-writers).
platform.quota.writers={{ join "," . }}
{{- end }}
{{- end }}
{{- if eq .name "userinfo-service" }}
userinfo.prompts.url={{ include "platform.serviceUrl" (dict "root" $root "name" "auth-service") }}/internal/prompts
# Seed 000's authorize_url sends the user to auth-service's public authorization endpoint (discovery's, under the issuer).
userinfo.auth-service.public-url={{ $root.Values.issuer }}
# Seed 004's IP-to-country database: checked at this interval, swapped when it changed.
userinfo.geo.refresh-interval={{ .svc.geoDatabase.refreshInterval }}
{{- if .svc.geoDatabase.volume }}
userinfo.geo.database=/etc/platform/geoip/{{ .svc.geoDatabase.file }}
{{- end }}
{{- end }}
{{- end }}
# Logs: one JSON object per line (logging.format json) or text; trace and span ids are in the MDC when tracing is on.
quarkus.log.console.json.enabled={{ eq $root.Values.logging.format "json" }}
{{- with $root.Values.tracing.endpoint }}
# OpenTelemetry traces to the collector (tracing.*); without an endpoint the SDK stays off (application.properties).
quarkus.otel.sdk.disabled=false
quarkus.otel.exporter.otlp.traces.endpoint={{ . }}
quarkus.otel.exporter.otlp.traces.protocol={{ $root.Values.tracing.protocol }}
quarkus.otel.traces.sampler.arg={{ $root.Values.tracing.samplerRatio }}
{{- end }}
{{- range $key, $value := .svc.config }}
{{ $key }}={{ $value }}
{{- end }}
{{- end -}}

{{/* Environment of the container of one service ($s): the config file and Secret references only. */}}
{{- define "platform.env" -}}
- name: QUARKUS_CONFIG_LOCATIONS
  value: /etc/platform/config/application.properties
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .svc.secrets.database.name }}
      key: username
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .svc.secrets.database.name }}
      key: password
{{- if .root.Values.database.direct.host }}
# quarkus.flyway.jdbc-url needs its own credentials: the same role's.
- name: QUARKUS_FLYWAY_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .svc.secrets.database.name }}
      key: username
- name: QUARKUS_FLYWAY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .svc.secrets.database.name }}
      key: password
{{- end }}
{{- if eq .name "auth-service" }}
- name: AUTH_SIGNING_KEY_ENCRYPTION_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .svc.secrets.keyEncryptionKey.name }}
      key: {{ .svc.secrets.keyEncryptionKey.key }}
- name: AUTH_ADMIN_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ .svc.secrets.adminToken.name }}
      key: {{ .svc.secrets.adminToken.key }}
      optional: true
- name: USERINFO_SERVICE_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.userinfoService.secrets.revocationClientSecret.name }}
      key: {{ .root.Values.userinfoService.secrets.revocationClientSecret.key }}
- name: ACCOUNT_QUOTA_SERVICE_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.accountQuotaService.secrets.revocationClientSecret.name }}
      key: {{ .root.Values.accountQuotaService.secrets.revocationClientSecret.key }}
{{- else }}
- name: PLATFORM_JWT_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .svc.secrets.revocationClientSecret.name }}
      key: {{ .svc.secrets.revocationClientSecret.key }}
{{- end }}
{{- with .svc.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Volumes of one service's pods ($s): config, TLS, CAs and a small writable /tmp. */}}
{{- define "platform.volumes" -}}
{{- $root := .root -}}
{{- $tls := $root.Values.tls -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
- name: tls
  secret:
    secretName: {{ $tls.secretName }}
    defaultMode: 0440
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
- name: ca
  secret:
    secretName: {{ $tls.caSecret.name | default $tls.secretName }}
    defaultMode: 0440
    items:
      - key: {{ $tls.caSecret.key }}
        path: ca.crt
{{- if or (eq $root.Values.database.sslMode "verify-ca") (eq $root.Values.database.sslMode "verify-full") }}
- name: db-ca
  secret:
    secretName: {{ $root.Values.database.caSecret.name }}
    defaultMode: 0440
    items:
      - key: {{ $root.Values.database.caSecret.key }}
        path: ca.crt
{{- end }}
{{- end -}}

{{- define "platform.volumeMounts" -}}
- name: config
  mountPath: /etc/platform/config
  readOnly: true
- name: tmp
  mountPath: /tmp
- name: tls
  mountPath: /etc/platform/tls
  readOnly: true
- name: ca
  mountPath: /etc/platform/ca
  readOnly: true
{{- if or (eq .root.Values.database.sslMode "verify-ca") (eq .root.Values.database.sslMode "verify-full") }}
- name: db-ca
  mountPath: /etc/platform/db-ca
  readOnly: true
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by the Deployments and the migration Jobs. */}}
{{- define "platform.podCommon" -}}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with .svc.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .svc.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .svc.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Egress rules to DNS and PostgreSQL ($s). */}}
{{- define "platform.egressDnsAndDatabase" -}}
{{- $np := .root.Values.networkPolicy -}}
- to:
    - namespaceSelector:
        {{- toYaml $np.dns.namespaceSelector | nindent 8 }}
      podSelector:
        {{- toYaml $np.dns.podSelector | nindent 8 }}
    {{- range $np.dns.cidrs }}
    # NodeLocal DNSCache answers on a link-local address on every node, not from a pod.
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
- to:
    {{- range $np.database.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
    {{- range $np.database.selectors }}
    - {{- toYaml . | nindent 6 }}
    {{- end }}
  ports:
    - port: {{ .root.Values.database.port }}
      protocol: TCP
    {{- $direct := .root.Values.database.direct }}
    {{- if and $direct.host (ne (int $direct.port) (int .root.Values.database.port)) }}
    # The direct connection to PostgreSQL (LISTEN, Flyway) when a pooler listens on database.port.
    - port: {{ $direct.port }}
      protocol: TCP
    {{- end }}
{{- end -}}
