using Grid.Security.Calls;

namespace Grid.Tests.Infrastructure;

/// <summary>
/// Orleans' test host asks the silos for their status through its own test-hooks system target, from the shared test
/// client. That target is no client's business in a real Grid (the gate refuses it like every Orleans interface a
/// client does not need), so the test client stamps those calls alone with the silo-only proof, made with the test
/// cluster's key: the test host stands inside the cluster it runs.
/// </summary>
public sealed class TestHooksProofFilter(SiloCallProof proof) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.DeclaringType?.FullName == "Orleans.Runtime.TestHooks.ITestHooks")
        {
            RequestContext.Set(GridCallContextKeys.SiloProof, proof.Create(context.TargetId.ToString(), AccessRule.NameOf(context.InterfaceMethod, context)));
        }

        return context.Invoke();
    }
}
