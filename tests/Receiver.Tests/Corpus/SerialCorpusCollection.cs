using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>Tests that measure the whole process (memory) or load it heavily run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCorpusCollection
{
    public const string Name = "Corpus (serial)";
}

/// <summary>Runs a class's tests in the order their <see cref="RunOrderAttribute"/> gives.</summary>
public sealed class RunOrder : Xunit.Sdk.ITestCaseOrderer
{
    public const string Orderer = "MiniCollector.Receiver.Tests.Corpus.RunOrder";
    public const string Assembly = "MiniCollector.Receiver.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase
        => testCases.OrderBy(c => c.TestMethod.Method.GetCustomAttributes(typeof(RunOrderAttribute).AssemblyQualifiedName).FirstOrDefault()?.GetConstructorArguments().OfType<int>().FirstOrDefault() ?? 0);
}

/// <summary>The position of a test in its class's run (see <see cref="RunOrder"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RunOrderAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}
