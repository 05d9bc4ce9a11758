using System.Diagnostics.Metrics;
using Grid.Errors;
using Grid.Security.Tokens;
using Microsoft.Extensions.Logging;

namespace Grid.Security.Calls;

/// <summary>
/// The silo's gate for every call to a Grid grain: verifies the call's credential and the silo-only proof, decides
/// by the method's access rule, refuses with <see cref="NotAuthorizedException"/> (before the grain runs, so a refused
/// call changes nothing), and makes the verified caller available to the grain through <see cref="GridCaller"/>.
/// Calls to Orleans' own grains and system targets pass only with the silo-only proof (every silo stamps it on its
/// outgoing calls), or when a client needs them (<see cref="ClientReachableInterfaces"/>): a gateway client with a
/// valid certificate and no credential reaches nothing else of Orleans.
/// </summary>
public sealed partial class GridAuthorizationFilter(GridTokenValidator validator, SiloCallProof proof, ILogger<GridAuthorizationFilter> logger)
    : IIncomingGrainCallFilter
{
    public const string MeterName = "Grid.Security";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Refused = Meter.CreateCounter<long>("grid.calls.refused", description: "Grain calls refused by the trust boundary, by cause class");

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = AccessRule.EffectiveMethod(context.InterfaceMethod, context.Request);
        var target = context.TargetId.ToString();
        if (method is null || AccessRule.For(method) is not { } rule)
        {
            var name = AccessRule.NameOf(method, context);
            if (!ClientReachableInterfaces.Allows(method?.DeclaringType) && !proof.Verify(RequestContext.Get(GridCallContextKeys.SiloProof) as string, target, name))
            {
                Refuse(name, context, NotAuthorizedReason.InternalOnly, TokenFailure.None,
                    $"Not authorized (internal-only): {name} is part of the Orleans runtime and may be called only by the Grid's silos, never from a client.");
            }

            await context.Invoke();
            return;
        }

        var isInternal = proof.Verify(RequestContext.Get(GridCallContextKeys.SiloProof) as string, target, rule.Method);
        var credential = await validator.ValidateAsync(RequestContext.Get(GridCallContextKeys.Token) as string);
        var decision = AccessDecision.Decide(rule, isInternal, credential, AccessDecision.TenantOf(context.TargetId.Key.ToString()!));
        if (!decision.Allowed)
        {
            Refuse(rule.Method, context, decision.Reason, credential.Failure, decision.Message);
        }

        GridCaller.Enter(credential.Principal, isInternal);
        await context.Invoke();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Refuse(string method, IIncomingGrainCallContext context, NotAuthorizedReason reason, TokenFailure credential, string message)
    {
        Refused.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
        LogRefused(logger, method, context.SourceId?.ToString() ?? "unknown", reason, credential);
        throw new NotAuthorizedException(reason, message);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Refused a call to {Method} from {Source} (a claim, not proof): {Reason} (credential: {Credential})")]
    private static partial void LogRefused(ILogger logger, string method, string source, NotAuthorizedReason reason, TokenFailure credential);
}
