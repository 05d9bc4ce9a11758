// One storage account of the Grid (primary or replica): no shared keys, TLS 1.2, no public blobs, blob soft delete
// bounded so deleted recordings are physically gone soon after the 15-day deletion promise, no versioning (a version
// would keep deleted bytes) unless the deployment is for WORM tenants, and the silo identity's data roles. With worm:
// version-level immutability on the account (every container supports immutability policies and legal holds; the
// Grid writes one per sealed recording), versioning (which it requires), and a lifecycle rule that deletes previous
// versions after the soft-delete days (a write-once recording has none; a rewritten log manifest leaves one).
param name string
param location string
param sku string
param softDeleteDays int
param worm bool = false
@description('WORM deployments: days after which a base blob in a tenant recording container (rec-*) is deleted by storage, which refuses while an immutability policy or legal hold is in force. Set it to the deployment\'s longest retention: it removes the ciphertext of terminated (crypto-shredded) tenants once their policies end.')
param wormExpiredBlobDays int = 3653
param tags object
param readerWriterPrincipalId string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: sku }
  kind: 'StorageV2'
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Disabled'
    immutableStorageWithVersioning: {
      enabled: worm
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: { enabled: true }
        table: { enabled: true, keyType: 'Account' }
        queue: { enabled: true, keyType: 'Account' }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: worm
    deleteRetentionPolicy: { enabled: true, days: softDeleteDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays }
  }
}

resource previousVersions 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = if (worm) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob', 'appendBlob' ] }
            actions: { version: { delete: { daysAfterCreationGreaterThan: softDeleteDays } } }
          }
        }
        {
          name: 'delete-expired-write-once-recordings'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: [ 'blockBlob' ], prefixMatch: [ 'rec-' ] }
            actions: { baseBlob: { delete: { daysAfterCreationGreaterThan: wormExpiredBlobDays } } }
          }
        }
      ]
    }
  }
}

// Storage Blob, Table and Queue Data Contributor.
var dataRoles = [
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
]

resource roles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in dataRoles: {
  name: guid(account.id, readerWriterPrincipalId, role)
  scope: account
  properties: {
    principalId: readerWriterPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output queueEndpoint string = account.properties.primaryEndpoints.queue
