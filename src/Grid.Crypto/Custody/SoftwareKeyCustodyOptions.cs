using System.ComponentModel.DataAnnotations;

namespace Grid.Crypto.Custody;

/// <summary>The software key store (local development; configuration section <c>Grid:Keys</c>).</summary>
public sealed class SoftwareKeyCustodyOptions
{
    /// <summary>
    /// Folder that holds the key files. It must not be inside the storage account that holds recordings, so that a
    /// copy of that storage alone decrypts nothing.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Grid:Keys:RootPath names the software key store's folder.")]
    public string RootPath { get; set; } = Path.Combine(".grid", "keys");
}
