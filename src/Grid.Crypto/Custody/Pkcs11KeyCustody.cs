using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Grid.Errors;
using Grid.Keys;
using Microsoft.Extensions.Options;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Grid.Crypto.Custody;

/// <summary>
/// Tenant KEKs as non-extractable AES-256 token objects in a PKCS#11 HSM (labelled <c>grid/{tenantId}/v{version}</c>).
/// Data keys are wrapped and unwrapped inside the HSM with <c>CKM_AES_GCM</c> (random 96-bit IV, 128-bit tag,
/// the caller's context as AAD): <c>iv (12) | ciphertext | tag (16)</c>. The key material never leaves the token.
/// </summary>
public sealed partial class Pkcs11KeyCustody : IKeyCustody, IDisposable
{
    public const string Algorithm = "CKM_AES_GCM";

    private static readonly ConcurrentDictionary<string, Lazy<IPkcs11Library>> Libraries = new(StringComparer.Ordinal);
    private static int resolverInstalled;

    private readonly Pkcs11KeyCustodyOptions options;
    private readonly Pkcs11InteropFactories factories = new();
    private readonly Lazy<ISlot> slot;
    private readonly ConcurrentBag<ISession> sessions = [];
    private readonly ConcurrentDictionary<string, IObjectHandle> handles = new(StringComparer.Ordinal);
    private ISession? loginSession;

    public Pkcs11KeyCustody(IOptions<Pkcs11KeyCustodyOptions> options)
    {
        this.options = options.Value;
        slot = new Lazy<ISlot>(OpenSlot, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public KeyCustodyKind Kind => KeyCustodyKind.Pkcs11;

    public Task<KeyReference> CreateKeyAsync(string tenantId, int version, CancellationToken cancellationToken)
    {
        GridIds.RequireTenantId(tenantId);
        var label = Label(tenantId, version);
        Use(session =>
        {
            if (Find(session, label) is null)
            {
                var attributes = new List<IObjectAttribute>
                {
                    Attr(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY),
                    Attr(CKA.CKA_KEY_TYPE, CKK.CKK_AES),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_VALUE_LEN, 32UL),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_TOKEN, true),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_PRIVATE, true),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_SENSITIVE, true),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_EXTRACTABLE, false),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_ENCRYPT, true),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_DECRYPT, true),
                    factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label),
                };
                handles[label] = session.GenerateKey(factories.MechanismFactory.Create(CKM.CKM_AES_KEY_GEN), attributes);
            }

            return true;
        });
        return Task.FromResult(new KeyReference(KeyCustodyKind.Pkcs11, $"pkcs11:{options.TokenLabel}/{tenantId}", version));
    }

    public Task<WrappedKey> WrapAsync(KeyReference key, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        var label = LabelOf(key);
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = Use(session =>
        {
            var handle = FindOrThrow(session, label, key);
            return session.Encrypt(Gcm(iv, context), handle, dataKey.ToArray());
        });
        return Task.FromResult(new WrappedKey(key, Algorithm, [.. iv, .. ciphertext]));
    }

    public Task<byte[]> UnwrapAsync(WrappedKey wrapped, ReadOnlyMemory<byte> context, CancellationToken cancellationToken)
    {
        if (wrapped.Algorithm != Algorithm || wrapped.Ciphertext.Length < 12 + 16)
        {
            throw new RecordingCorruptException($"The wrapped key is not a PKCS#11 {Algorithm} key.");
        }

        var label = LabelOf(wrapped.Key);
        var dataKey = Use(session =>
        {
            var handle = FindOrThrow(session, label, wrapped.Key);
            try
            {
                return session.Decrypt(Gcm(wrapped.Ciphertext[..12], context), handle, wrapped.Ciphertext[12..]);
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_ENCRYPTED_DATA_INVALID or CKR.CKR_GENERAL_ERROR or CKR.CKR_ENCRYPTED_DATA_LEN_RANGE)
            {
                // SoftHSM reports a failed GCM tag check as CKR_GENERAL_ERROR.
                throw new RecordingCorruptException("The wrapped data key does not belong to this recording or key (HSM authentication failed).");
            }
        });
        return Task.FromResult(dataKey);
    }

    public Task DestroyKeyAsync(KeyReference key, CancellationToken cancellationToken)
    {
        var label = LabelOf(key);
        Use(session =>
        {
            foreach (var handle in session.FindAllObjects([Attr(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY), factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label)]))
            {
                session.DestroyObject(handle);
            }

            handles.TryRemove(label, out _);
            return true;
        });
        return Task.CompletedTask;
    }

    /// <summary>True when the token holds a key object for this reference (for tests and health checks).</summary>
    public bool Exists(KeyReference key) => Use(session => Find(session, LabelOf(key)) is not null);

    /// <summary>The attributes the token reports for the key: sensitive, extractable (for tests and audits).</summary>
    public (bool Sensitive, bool Extractable) Protection(KeyReference key) => Use(session =>
    {
        var handle = FindOrThrow(session, LabelOf(key), key);
        var values = session.GetAttributeValue(handle, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE]);
        return (values[0].GetValueAsBool(), values[1].GetValueAsBool());
    });

    public void Dispose()
    {
        while (sessions.TryTake(out var session))
        {
            session.Dispose();
        }

        loginSession?.Dispose();
    }

    private static string Label(string tenantId, int version) => $"grid/{tenantId}/v{version}";

    private string LabelOf(KeyReference key)
    {
        var prefix = $"pkcs11:{options.TokenLabel}/";
        var tenantId = key.KeyId.StartsWith(prefix, StringComparison.Ordinal) ? key.KeyId[prefix.Length..] : string.Empty;
        if (key.Custody != KeyCustodyKind.Pkcs11 || !GridIds.IsValidTenantId(tenantId) || key.Version < 1)
        {
            throw new KeyUnavailableException($"The key reference does not name a key on PKCS#11 token '{options.TokenLabel}'.");
        }

        return Label(tenantId, key.Version);
    }

    private IObjectAttribute Attr(CKA type, CKO value) => factories.ObjectAttributeFactory.Create(type, value);

    private IObjectAttribute Attr(CKA type, CKK value) => factories.ObjectAttributeFactory.Create(type, value);

    private IMechanism Gcm(byte[] iv, ReadOnlyMemory<byte> aad) =>
        factories.MechanismFactory.Create(CKM.CKM_AES_GCM, factories.MechanismParamsFactory.CreateCkGcmParams(iv, 96, aad.ToArray(), 128));

    private IObjectHandle? Find(ISession session, string label)
    {
        if (handles.TryGetValue(label, out var cached))
        {
            return cached;
        }

        var found = session.FindAllObjects([Attr(CKA.CKA_CLASS, CKO.CKO_SECRET_KEY), factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, label)]);
        if (found.Count == 0)
        {
            return null;
        }

        handles[label] = found[0];
        return found[0];
    }

    private IObjectHandle FindOrThrow(ISession session, string label, KeyReference key) =>
        Find(session, label) ?? throw new KeyDestroyedException($"Key version {key.Version} of the tenant is not on the HSM token '{options.TokenLabel}': it was destroyed.");

    private T Use<T>(Func<ISession, T> action)
    {
        var current = slot.Value;
        if (!sessions.TryTake(out var session))
        {
            try
            {
                session = current.OpenSession(SessionType.ReadWrite);
            }
            catch (Pkcs11Exception e)
            {
                throw new KeyUnavailableException($"The HSM refused a session ({e.RV}).", e);
            }
        }

        try
        {
            var result = action(session);
            sessions.Add(session);
            return result;
        }
        catch (Pkcs11Exception e)
        {
            session.Dispose();
            throw new KeyUnavailableException($"The HSM failed the operation ({e.RV}); retry.", e);
        }
        catch
        {
            sessions.Add(session);
            throw;
        }
    }

    private ISlot OpenSlot()
    {
        if (string.IsNullOrEmpty(options.LibraryPath))
        {
            throw new KeyUnavailableException("PKCS#11 custody is not configured on this grid (Grid:Keys:Pkcs11:LibraryPath).");
        }

        InstallLibdlResolver();
        if (options.SoftHsmConfigurationFile is { Length: > 0 } conf)
        {
            _ = SetEnv("SOFTHSM2_CONF", Path.GetFullPath(conf), 1);
        }

        try
        {
            var library = Libraries.GetOrAdd(options.LibraryPath, path => new Lazy<IPkcs11Library>(() =>
                factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded))).Value;
            var found = library.GetSlotList(SlotsType.WithTokenPresent)
                .FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == options.TokenLabel)
                ?? throw new KeyUnavailableException($"No PKCS#11 token labelled '{options.TokenLabel}' is present.");
            loginSession = found.OpenSession(SessionType.ReadWrite);
            try
            {
                loginSession.Login(CKU.CKU_USER, options.UserPin ?? string.Empty);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
                // Another custody instance in this process logged the token in already.
            }

            return found;
        }
        catch (Pkcs11Exception e)
        {
            throw new KeyUnavailableException($"The HSM could not be opened ({e.RV}).", e);
        }
    }

    /// <summary>Pkcs11Interop asks for "libdl", which Debian 12 only ships as libdl.so.2.</summary>
    private static void InstallLibdlResolver()
    {
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 1 || !OperatingSystem.IsLinux())
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, path) =>
            name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
