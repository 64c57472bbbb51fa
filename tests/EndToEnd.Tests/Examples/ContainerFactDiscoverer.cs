using Xunit.Abstractions;
using Xunit.Sdk;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>Discovers a <see cref="ContainerFactAttribute"/> test only in a run that asked for the container.</summary>
public sealed class ContainerFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (!ContainerFactAttribute.Asked)
        {
            return [];
        }

        return [new XunitTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
    }
}
