using System.Reflection;
using System.Text;
using Grid.Calls;
using Grid.Errors;
using Grid.Operations;
using Grid.Security;
using Grid.Security.Calls;
using Grid.Security.Tls;
using Grid.Tests.Infrastructure;
using Orleans.Connections.Security;

namespace Grid.Tests.Security;

/// <summary>
/// Every public method of every Grid grain interface, called over a raw Orleans client (mutual TLS with a valid
/// client certificate, nothing else) by every kind of caller: no credential, a forged one, an expired one, another
/// tenant's, the operator, and each tenant role alone. Each caller gets a fresh tenant with a sealed recording.
/// Refused calls must change nothing in the tenant's storage. The table of outcomes is docs/authorization.md.
/// </summary>
[Collection(GridCollection.Name)]
public sealed class AuthorizationMatrixTests(GridFixture fixture)
{
    private static readonly string[] Callers = MatrixCallers.All;

    [Fact]
    public async Task Every_method_by_every_caller_gets_exactly_the_documented_outcome_and_refusals_change_nothing()
    {
        var methods = typeof(GridIds).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IGrain).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => t.GetMethods().OrderBy(m => m.MetadataToken))
            .ToList();
        await using var raw = await RawClient.ConnectAsync(fixture, DevelopmentClientTls());
        var outcomes = new Dictionary<(string Caller, MethodInfo Method), string>();

        foreach (var caller in Callers)
        {
            var tenantId = await TestTenants.ProvisionAsync(fixture.Client);
            var callId = TestTenants.NewCallId();
            var call = fixture.Client.GetGrain<ICallGrain>(GridIds.CallKey(tenantId, callId));
            await call.StartAsync(TestTenants.Metadata());
            await call.AppendAsync(0, TestTenants.RandomBytes(100, seed: 1));
            await call.EndAsync();
            var token = TokenOf(caller, tenantId);

            // Refusals first, with the tenant's storage compared before and after; then the calls that pass the gate,
            // and the content refusals a grain makes itself (which it writes to the tenant's audit log).
            var expected = methods.ToDictionary(m => m, m => Expected(caller, m));
            var before = await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId);
            foreach (var method in methods.Where(m => expected[m].StartsWith("refused", StringComparison.Ordinal) && expected[m] != "refused: content"))
            {
                outcomes[(caller, method)] = await InvokeAsync(raw.Client, method, tenantId, callId, token);
            }

            Assert.Equal(before, await TenantStorageSnapshot.TakeAsync(fixture.ConnectionString, tenantId));
            foreach (var method in methods.Where(m => !expected[m].StartsWith("refused", StringComparison.Ordinal) || expected[m] == "refused: content"))
            {
                outcomes[(caller, method)] = await InvokeAsync(raw.Client, method, tenantId, callId, token);
            }

            if (caller == GridRoles.LegalHold)
            {
                var log = await fixture.Client.GetGrain<Grid.Audit.IAuditLogGrain>(tenantId).ReadAsync();
                Assert.Equal(5, log.Records.Count(r => r.Action == "access.refused" && r.Principal == "person-1" && r.CallId == callId));
            }

            foreach (var method in methods)
            {
                Assert.True(expected[method] == outcomes[(caller, method)], $"{caller} calling {AccessRule.NameOf(method)}: expected {expected[method]}, got {outcomes[(caller, method)]}");
            }
        }

        AuthorizationDocument.Check(methods, Callers, outcomes);
    }

    /// <summary>The specification, independent of the filter's code: attributes say who; the rest is the rule.</summary>
    private static string Expected(string caller, MethodInfo method)
    {
        var access = method.GetCustomAttribute<GridAccessAttribute>()?.Roles ?? [];
        if (method.GetCustomAttribute<InternalOnlyAttribute>() is not null || method.DeclaringType!.GetCustomAttribute<InternalOnlyAttribute>() is not null)
        {
            return "refused: internal-only";
        }

        if (method.GetCustomAttribute<AnonymousAccessAttribute>() is not null)
        {
            return "refused: credential"; // The exchange itself checks the secret (the matrix sends none).
        }

        return caller switch
        {
            "none" or "forged" or "expired" => "refused: credential",
            "other-tenant" => "refused: tenant",

            // The processor's own grains belong to no tenant: a tenant credential never reaches them.
            _ when IsProcessorScoped(method.DeclaringType!) && caller != GridRoles.Operator => "refused: tenant",
            _ when !access.Contains(caller) => "refused: role",

            // The legal-hold role reaches content only under a hold; the matrix's recording has none.
            GridRoles.LegalHold when method.Name is nameof(ICallGrain.ReadMediaAsync) or nameof(ICallGrain.GetMetadataAsync)
                or nameof(ICallGrain.ReadOriginalAsync) or nameof(ICallGrain.DescribeOriginalAsync) or nameof(IRecordingReaderGrain.ReadRangeAsync) => "refused: content",
            _ => "allowed",
        };
    }

    private string? TokenOf(string caller, string tenantId) => MatrixCallers.TokenOf(fixture, caller, tenantId);

    private static bool IsProcessorScoped(Type type) =>
        type == typeof(Grid.Governance.ISubProcessorRegistryGrain) || type == typeof(Grid.Governance.ITenantDirectoryGrain) || type == typeof(Grid.Governance.IIncidentGrain);

    private static async Task<string> InvokeAsync(IClusterClient client, MethodInfo method, string tenantId, string callId, string? token)
    {
        var type = method.DeclaringType!;
        var key = type == typeof(ICallGrain) ? GridIds.CallKey(tenantId, callId)
            : type == typeof(IRecordingReaderGrain) ? GridIds.ReaderKey(tenantId, callId, "matrix")
            : type == typeof(IRecorderCredentialGrain) ? $"{tenantId}/matrix-recorder"
            : type == typeof(ICanaryGrain) ? ICanaryGrain.Key
            : type == typeof(Grid.Governance.IAuditorCredentialGrain) ? $"{tenantId}/matrix-audit"
            : type == typeof(Grid.Governance.IIncidentGrain) ? Grid.Governance.ProcessorScope.Incident("matrix-incident")
            : IsProcessorScoped(type) ? Grid.Governance.ProcessorScope.Key
            : tenantId;
        var grain = client.GetGrain(type, key);
        var args = method.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
        try
        {
            await RawClient.WithContextAsync<bool>(token, null, async () =>
            {
                switch (method.Invoke(grain, args))
                {
                    case IAsyncEnumerable<byte[]> stream:
                        await foreach (var unused in stream)
                        {
                            break;
                        }

                        break;
                    case Task task:
                        await task;
                        break;
                }

                return true;
            });
            return "allowed";
        }
        catch (NotAuthorizedException e)
        {
            return "refused: " + (e.Reason == NotAuthorizedReason.InternalOnly ? "internal-only" : e.Reason.ToString().ToLowerInvariant());
        }
        catch (Exception e) when (e is GridException or ArgumentException or NullReferenceException or InvalidOperationException)
        {
            // Past the gate: the grain itself answered (for instance, the matrix's empty arguments are invalid input).
            return "allowed";
        }
    }

    private TlsOptions DevelopmentClientTls() => GridTlsPolicy.Load(fixture.Security.Tls, silo: false).ClientToGateway();
}

/// <summary>docs/authorization.md holds the matrix this test run produced; the test fails when it is out of date.</summary>
internal static class AuthorizationDocument
{
    public static void Check(IReadOnlyList<MethodInfo> methods, IReadOnlyList<string> callers, Dictionary<(string Caller, MethodInfo Method), string> outcomes) =>
        CheckTable("matrix", "AuthorizationMatrixTests", "method", methods.Select(m => $"`{m.DeclaringType!.Name}.{m.Name}`").ToList(), callers,
            (row, caller) => Short(outcomes[(caller, methods[row])]));

    /// <summary>
    /// Compares (or, with GRID_UPDATE_DOCS=1, rewrites) the table between <c>&lt;!-- {marker}:begin ... --&gt;</c> and
    /// <c>&lt;!-- {marker}:end --&gt;</c> in docs/authorization.md.
    /// </summary>
    public static void CheckTable(string marker, string generator, string firstColumn, IReadOnlyList<string> rows, IReadOnlyList<string> callers, Func<int, string, string> cell)
    {
        var begin = $"<!-- {marker}:begin (generated by {generator}; GRID_UPDATE_DOCS=1 rewrites it) -->";
        var endMarker = $"<!-- {marker}:end -->";
        var table = new StringBuilder();
        table.Append("| ").Append(firstColumn).Append(" | ").AppendJoin(" | ", callers).AppendLine(" |");
        table.Append("|---|").AppendJoin("", callers.Select(_ => "---|")).AppendLine();
        for (var i = 0; i < rows.Count; i++)
        {
            table.Append("| ").Append(rows[i]).Append(" | ").AppendJoin(" | ", callers.Select(c => cell(i, c))).AppendLine(" |");
        }

        var root = RepositoryRoot();
        Directory.CreateDirectory(Path.Combine(root, "artifacts", "test"));
        File.WriteAllText(Path.Combine(root, "artifacts", "test", $"authorization-{marker}.md"), table.ToString());
        var path = Path.Combine(root, "docs", "authorization.md");
        var document = File.ReadAllText(path);
        var start = document.IndexOf(begin, StringComparison.Ordinal);
        var end = document.IndexOf(endMarker, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("GRID_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, start >= 0 && end > start
                ? document[..(start + begin.Length)] + "\n" + table + document[end..]
                : document.TrimEnd('\n') + "\n\n" + begin + "\n" + table + endMarker + "\n");
            return;
        }

        Assert.True(start >= 0 && end > start, $"docs/authorization.md lacks the {marker} markers: run the test with GRID_UPDATE_DOCS=1.");
        var current = document[(start + begin.Length)..end].Trim('\n');
        Assert.True(current == table.ToString().TrimEnd('\n'), $"docs/authorization.md is out of date: run the test with GRID_UPDATE_DOCS=1 (new table in artifacts/test/authorization-{marker}.md).");
    }

    private static string Short(string outcome) => outcome switch
    {
        "allowed" => "✔",
        _ => "✘ " + outcome["refused: ".Length..],
    };

    /// <summary>The repository's root folder (where Grid.sln is), found above the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Grid.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Grid.sln not found above the test binaries.");
    }
}
