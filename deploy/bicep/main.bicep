// The Recording Grid in one region. A second region is a second deployment of these files with other parameters
// (its own storage accounts, key vault, Event Hubs namespace and cluster): a tenant's data never leaves its region.
// Compiled in CI by DeploymentTests (Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64).
targetScope = 'resourceGroup'

@description('Azure region of the primary resources, e.g. westeurope.')
param location string = resourceGroup().location

@description('Azure region of the replica account: another region of the same jurisdiction (e.g. northeurope for westeurope).')
param replicaLocation string

@description('Jurisdiction of both regions (EEA, UK, US...): recorded as a tag; the Grid refuses a replica in another jurisdiction.')
@allowed([ 'EEA', 'UK', 'US', 'CH', 'CA' ])
param jurisdiction string

@description('Short lower-case prefix of every resource name (3-11 characters).')
@minLength(3)
@maxLength(11)
param prefix string

@description('Tenant key custody: a Key Vault Premium (HSM-backed keys) or a Managed HSM (FIPS 140-3 level 3).')
@allowed([ 'keyVaultPremium', 'managedHsm' ])
param keyCustody string = 'keyVaultPremium'

@description('Object ids of the Managed HSM administrators (required with managedHsm).')
param managedHsmAdministrators array = []

@description('Silo node pool: VM size and count (the load-test report sizes one silo per 2 vCPU node).')
param siloVmSize string = 'Standard_D4ds_v5'

@minValue(2)
param siloNodeCount int = 3

@description('Event Hubs partitions of the tenant event hub (one reader per partition across the silos).')
@minValue(2)
param eventHubPartitions int = 8

@description('Days a deleted blob stays recoverable. At most 7: a recording deleted on the last day of the 15-day termination window is physically gone by day 22 at the latest, and it was unreadable from the moment its tenant key was destroyed (crypto-shredding).')
@minValue(1)
@maxValue(7)
param blobSoftDeleteDays int = 7

@description('WORM storage (SEC 17a-4(f), MiFID II): both accounts get version-level immutability, which tenants provisioned in WORM mode need (the Grid refuses to serve a WORM tenant without it). Only at account creation; it cannot be turned off. Deploy WORM tenants to a WORM deployment.')
param worm bool = false

@description('WORM deployments: days after which storage deletes a write-once recording blob whose policy has ended (the ciphertext of crypto-shredded recordings of terminated tenants). At least the longest retention of the deployment\'s tenants.')
@minValue(1)
@maxValue(36500)
param wormExpiredBlobDays int = 3653

var tags = {
  application: 'recording-grid'
  jurisdiction: jurisdiction
}
var names = {
  primary: '${prefix}rec${uniqueString(resourceGroup().id)}'
  replica: '${prefix}rep${uniqueString(resourceGroup().id)}'
  vault: '${prefix}-kv-${uniqueString(resourceGroup().id)}'
  hsm: '${prefix}-hsm-${uniqueString(resourceGroup().id)}'
  events: '${prefix}-ev-${uniqueString(resourceGroup().id)}'
  logs: '${prefix}-logs'
  cluster: '${prefix}-aks'
  identity: '${prefix}-silo'
}

// The silos' identity: storage, keys and events are reached with it (workload identity), never with account keys.
resource siloIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module primary 'storage.bicep' = {
  name: 'primary-storage'
  params: {
    name: names.primary
    location: location
    sku: 'Standard_ZRS'
    softDeleteDays: blobSoftDeleteDays
    worm: worm
    wormExpiredBlobDays: wormExpiredBlobDays
    tags: tags
    readerWriterPrincipalId: siloIdentity.properties.principalId
  }
}

module replica 'storage.bicep' = {
  name: 'replica-storage'
  params: {
    name: names.replica
    location: replicaLocation
    sku: 'Standard_LRS'
    softDeleteDays: blobSoftDeleteDays
    worm: worm
    wormExpiredBlobDays: wormExpiredBlobDays
    tags: tags
    readerWriterPrincipalId: siloIdentity.properties.principalId
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = if (keyCustody == 'keyVaultPremium') {
  name: names.vault
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'premium' }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'AzureServices' }
  }
}

resource hsm 'Microsoft.KeyVault/managedHSMs@2023-07-01' = if (keyCustody == 'managedHsm') {
  name: names.hsm
  location: location
  tags: tags
  sku: { family: 'B', name: 'Standard_B1' }
  properties: {
    tenantId: subscription().tenantId
    initialAdminObjectIds: managedHsmAdministrators
    enablePurgeProtection: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Disabled'
  }
}

// Key Vault Crypto Officer: create tenant keys, wrap and unwrap, delete and purge them (crypto-shredding).
resource vaultCrypto 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (keyCustody == 'keyVaultPremium') {
  name: guid(names.vault, siloIdentity.id, 'crypto-officer')
  scope: vault
  properties: {
    principalId: siloIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '14b46e9e-c2b7-41b4-b07b-48a6ebf60603')
  }
}

resource events 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: names.events
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard', capacity: 1 }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    zoneRedundant: true
  }
}

resource tenantEvents 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: events
  name: 'grid-tenant-events'
  properties: {
    partitionCount: eventHubPartitions
    messageRetentionInDays: 1
  }
}

resource siloConsumers 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: tenantEvents
  name: 'grid-silos'
}

// Azure Event Hubs Data Owner on the namespace: the silos send and receive tenant events.
resource eventsOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(events.id, siloIdentity.id, 'events-owner')
  scope: events
  properties: {
    principalId: siloIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'f526a384-b230-433a-b45c-95f59c4a2dec')
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource cluster 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: names.cluster
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  properties: {
    dnsPrefix: names.cluster
    enableRBAC: true
    disableLocalAccounts: true
    aadProfile: { managed: true, enableAzureRBAC: true }
    oidcIssuerProfile: { enabled: true }
    securityProfile: { workloadIdentity: { enabled: true } }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 2
        vmSize: 'Standard_D2ds_v5'
        availabilityZones: [ '1', '2', '3' ]
        osType: 'Linux'
      }
      {
        name: 'silos'
        mode: 'User'
        count: siloNodeCount
        vmSize: siloVmSize
        availabilityZones: [ '1', '2', '3' ]
        osType: 'Linux'
        nodeLabels: { 'grid/role': 'silo' }
      }
    ]
    addonProfiles: {
      omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: logs.id } }
      azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: 'true' } }
    }
    networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure' }
  }
}

// The silo pods' service account is federated with the silo identity (workload identity: no secrets in the pods).
resource federation 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: siloIdentity
  name: 'grid-silo'
  properties: {
    issuer: cluster.properties.oidcIssuerProfile.issuerURL
    subject: 'system:serviceaccount:recording-grid:grid-silo'
    audiences: [ 'api://AzureADTokenExchange' ]
  }
}

output siloClientId string = siloIdentity.properties.clientId
output blobServiceUri string = primary.outputs.blobEndpoint
output tableServiceUri string = primary.outputs.tableEndpoint
output queueServiceUri string = primary.outputs.queueEndpoint
output replicaBlobServiceUri string = replica.outputs.blobEndpoint
output keyVaultUri string = keyCustody == 'keyVaultPremium' ? vault!.properties.vaultUri : hsm!.properties.hsmUri
output eventHubsNamespace string = '${events.name}.servicebus.windows.net'
