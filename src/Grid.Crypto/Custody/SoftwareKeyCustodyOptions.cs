namespace Grid.Crypto.Custody;

public sealed class SoftwareKeyCustodyOptions
{
    /// <summary>
    /// Folder that holds the key files. It must not be inside the storage account that holds recordings, so that a
    /// copy of that storage alone decrypts nothing.
    /// </summary>
    public string RootPath { get; set; } = Path.Combine(".grid", "keys");
}
