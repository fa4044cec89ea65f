// Two namespaces that use each other, only for NamespaceCycleTests.Cycles_FoundInAGraphThatHasOne: one use in a method body
// (IL), the other in a property type.
namespace Workbench.Web.Tests.Architecture.CycleA
{
    public sealed class UsesB
    {
        public static object Make() => new CycleB.UsesA();
    }
}

namespace Workbench.Web.Tests.Architecture.CycleB
{
    public sealed class UsesA
    {
        public CycleA.UsesB? Other { get; set; }
    }
}
