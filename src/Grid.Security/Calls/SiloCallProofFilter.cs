namespace Grid.Security.Calls;

/// <summary>
/// Stamps every call a silo makes to a Grid grain with the silo-only proof, except a call made outside any grain on
/// behalf of an external principal (<see cref="GridCallCredential"/>): that one carries the principal's credential and
/// no proof, so the target grain's gate decides on the principal. A call made by a grain is always the Grid's own,
/// whatever flowed into the grain. Calls to Orleans' own interfaces (membership, stream delivery, reminders, the
/// management grain, the dashboard's grains) carry the proof too: without it the receiving silo refuses them as
/// it refuses a gateway client (see <see cref="ClientReachableInterfaces"/>).
/// </summary>
public sealed class SiloCallProofFilter(SiloCallProof proof) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        var method = AccessRule.EffectiveMethod(context.InterfaceMethod, context.Request);
        if (method is null || AccessRule.For(method) is not { } rule)
        {
            RequestContext.Set(GridCallContextKeys.SiloProof, proof.Create(context.TargetId.ToString(), AccessRule.NameOf(method, context)));
        }
        else
        {
            if (GridCallCredential.Current is { } token && context.SourceContext?.GrainInstance is not IGrainBase)
            {
                RequestContext.Remove(GridCallContextKeys.SiloProof);
                RequestContext.Set(GridCallContextKeys.Token, token);
            }
            else
            {
                RequestContext.Set(GridCallContextKeys.SiloProof, proof.Create(context.TargetId.ToString(), rule.Method));
            }
        }

        return context.Invoke();
    }
}
