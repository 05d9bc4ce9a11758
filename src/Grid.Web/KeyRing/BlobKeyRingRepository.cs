using System.Text;
using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Grid.Web.KeyRing;

/// <summary>
/// The Data Protection key ring in one blob (<c>keys.xml</c>, a <c>&lt;repository&gt;</c> of key elements), shared by
/// every console replica. A new key is added with a write conditional on the ETag read (another replica adding a key
/// at the same moment makes it read and add again), so no replica's key is ever lost. Written by hand because the
/// package made for it (<c>Azure.Extensions.AspNetCore.DataProtection.Blobs</c>) is not served here.
/// </summary>
/// <remarks>
/// <see cref="IXmlRepository"/> is synchronous; Data Protection calls it rarely (at start, and when a key is created
/// every 90 days) and off the request path, so the storage calls are waited on here.
/// </remarks>
public sealed class BlobKeyRingRepository(BlobContainerClient container) : IXmlRepository
{
    private const string BlobName = "keys.xml";

    public IReadOnlyCollection<XElement> GetAllElements() => Read().Document?.Root?.Elements().ToList() ?? [];

    public void StoreElement(XElement element, string friendlyName)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (document, etag) = Read();
            document ??= new XDocument(new XElement("repository"));
            document.Root!.Add(element);
            var conditions = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                container.GetBlobClient(BlobName).Upload(
                    new BinaryData(Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting))),
                    new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" } });
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 10)
            {
                // Another replica wrote first: read its key too and try again.
            }
        }
    }

    private (XDocument? Document, ETag? ETag) Read()
    {
        container.CreateIfNotExists();
        try
        {
            var content = container.GetBlobClient(BlobName).DownloadContent().Value;
            return (XDocument.Parse(content.Content.ToString()), content.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
    }
}
