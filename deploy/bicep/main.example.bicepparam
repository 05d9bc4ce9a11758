// An EEA deployment: primary West Europe, replica North Europe (both EEA).
using 'main.bicep'

param location = 'westeurope'
param replicaLocation = 'northeurope'
param jurisdiction = 'EEA'
param prefix = 'gridweu'
param keyCustody = 'keyVaultPremium'
param siloNodeCount = 3
