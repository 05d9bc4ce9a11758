namespace Grid.Security.Calls;

/// <summary>Stamps every call a silo makes to a Grid grain with the silo-only proof.</summary>
public sealed class SiloCallProofFilter(SiloCallProof proof) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (AccessRule.ForCall(context.InterfaceMethod, context.Request) is { } rule)
        {
            RequestContext.Set(GridCallContextKeys.SiloProof, proof.Create(context.TargetId.ToString(), rule.Method));
        }

        return context.Invoke();
    }
}
