using System.Diagnostics.Metrics;
using Grid.Errors;
using Grid.Security.Tokens;
using Microsoft.Extensions.Logging;

namespace Grid.Security.Calls;

/// <summary>
/// The silo's gate for every call to a Grid grain: verifies the call's credential and the silo-only proof, decides
/// by the method's access rule, refuses with <see cref="NotAuthorizedException"/> (before the grain runs, so a refused
/// call changes nothing), and makes the verified caller available to the grain through <see cref="GridCaller"/>.
/// Calls to Orleans' own grains and system targets pass untouched.
/// </summary>
public sealed partial class GridAuthorizationFilter(GridTokenValidator validator, SiloCallProof proof, ILogger<GridAuthorizationFilter> logger)
    : IIncomingGrainCallFilter
{
    public const string MeterName = "Grid.Security";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("grid.calls.refused", description: "Grain calls refused by the trust boundary, by cause class");

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (AccessRule.ForCall(context.InterfaceMethod, context.Request) is not { } rule)
        {
            await context.Invoke();
            return;
        }

        var target = context.TargetId.ToString();
        var isInternal = proof.Verify(RequestContext.Get(GridCallContextKeys.SiloProof) as string, target, rule.Method);
        var credential = validator.Validate(RequestContext.Get(GridCallContextKeys.Token) as string);
        var decision = AccessDecision.Decide(rule, isInternal, credential, AccessDecision.TenantOf(context.TargetId.Key.ToString()!));
        if (!decision.Allowed)
        {
            Refused.Add(1, new KeyValuePair<string, object?>("reason", decision.Reason.ToString()));
            LogRefused(logger, rule.Method, context.SourceId?.ToString() ?? "unknown", decision.Reason, credential.Failure);
            throw new NotAuthorizedException(decision.Reason, decision.Message);
        }

        GridCaller.Enter(credential.Principal, isInternal);
        await context.Invoke();
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Refused a call to {Method} from {Source} (a claim, not proof): {Reason} (credential: {Credential})")]
    private static partial void LogRefused(ILogger logger, string method, string source, NotAuthorizedReason reason, TokenFailure credential);
}
