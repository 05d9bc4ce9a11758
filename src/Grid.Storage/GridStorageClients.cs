using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Grid.Storage;

/// <summary>The Azure Storage service clients of one account, built once from <see cref="GridStorageOptions"/>.</summary>
public sealed class GridStorageClients
{
    private GridStorageClients(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues)
    {
        Blobs = blobs;
        Tables = tables;
        Queues = queues;
    }

    public BlobServiceClient Blobs { get; }

    /// <summary>The replica account's blob service, when a replica is configured.</summary>
    public BlobServiceClient? ReplicaBlobs { get; private set; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>The account's blob endpoint (no secret): how the account is named in logs and errors.</summary>
    public Uri Endpoint => Blobs.Uri;

    /// <summary>The main account of <paramref name="options"/>.</summary>
    public static GridStorageClients Create(GridStorageOptions options, TokenCredential? credential = null) => Create(options, options, credential);

    /// <summary>The clients of <paramref name="account"/>, with the retry settings of <paramref name="options"/>.</summary>
    public static GridStorageClients Create(StorageAccountOptions account, GridStorageOptions options, TokenCredential? credential = null, string section = "Grid:Storage")
    {
        var blobOptions = new BlobClientOptions();
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions();
        foreach (var retry in new[] { blobOptions.Retry, tableOptions.Retry, queueOptions.Retry })
        {
            retry.MaxRetries = options.MaxRetries;
            retry.NetworkTimeout = options.NetworkTimeout;
            retry.Delay = TimeSpan.FromMilliseconds(200);
            retry.MaxDelay = TimeSpan.FromSeconds(2);
            retry.Mode = RetryMode.Exponential;
        }

        blobOptions.AddPolicy(new StorageRequestCounter("blob"), HttpPipelinePosition.PerRetry);
        tableOptions.AddPolicy(new StorageRequestCounter("table"), HttpPipelinePosition.PerRetry);
        queueOptions.AddPolicy(new StorageRequestCounter("queue"), HttpPipelinePosition.PerRetry);

        var clients = CreatePrimary(account, section, credential, blobOptions, tableOptions, queueOptions);
        if (account.ReplicaBlobServiceUri is { } replicaUri)
        {
            clients.ReplicaBlobs = new BlobServiceClient(replicaUri, credential ?? new DefaultAzureCredential(), blobOptions);
        }
        else if (!string.IsNullOrWhiteSpace(account.ReplicaConnectionString))
        {
            clients.ReplicaBlobs = new BlobServiceClient(account.ReplicaConnectionString, blobOptions);
        }

        return clients;
    }

    private static GridStorageClients CreatePrimary(StorageAccountOptions options, string section, TokenCredential? credential, BlobClientOptions blobOptions, TableClientOptions tableOptions, QueueClientOptions queueOptions)
    {
        if (options.BlobServiceUri is { } blobUri)
        {
            if (options.TableServiceUri is null || options.QueueServiceUri is null)
            {
                throw new InvalidOperationException($"{section}: set BlobServiceUri, TableServiceUri and QueueServiceUri together (identity-based access).");
            }

            credential ??= new DefaultAzureCredential();
            return new GridStorageClients(
                new BlobServiceClient(blobUri, credential, blobOptions),
                new TableServiceClient(options.TableServiceUri, credential, tableOptions),
                new QueueServiceClient(options.QueueServiceUri, credential, queueOptions));
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException($"{section}: set ConnectionString, or the three service URIs.");
        }

        return new GridStorageClients(
            new BlobServiceClient(options.ConnectionString, blobOptions),
            new TableServiceClient(options.ConnectionString, tableOptions),
            new QueueServiceClient(options.ConnectionString, queueOptions));
    }
}
