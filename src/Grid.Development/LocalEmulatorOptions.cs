namespace Grid.Development;

/// <summary>The local Azure Storage emulator (Azurite) the zero-setup default starts when nothing is listening.</summary>
public sealed class LocalEmulatorOptions
{
    /// <summary>Start Azurite when storage is the local emulator and its ports are free.</summary>
    public bool Start { get; set; } = true;

    /// <summary>Where Azurite keeps its data.</summary>
    public string DataPath { get; set; } = Path.Combine(".grid", "azurite");

    public int BlobPort { get; set; } = 10000;


    public int QueuePort { get; set; } = 10001;

    public int TablePort { get; set; } = 10002;

    /// <summary>The emulator's well-known development account and key, for explicit connection strings.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";
}
