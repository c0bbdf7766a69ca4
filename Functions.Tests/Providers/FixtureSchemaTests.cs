using System.Reflection;
using System.Text.Json;
using AuthFunctions.Tests.Infrastructure;
using AuthFunctions.Tests.Providers.Conformance;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>fixture.schema.json (for editors and authors) and the fixture model (what the tests read) name the same properties.</summary>
public sealed class FixtureSchemaTests
{
    private static readonly JsonElement Schema =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Functions.Tests", "Providers", "fixture.schema.json"))).RootElement;

    public static TheoryData<string, string> Types() => new()
    {
        { nameof(ProviderFixture), "" },
        { nameof(AuthorizeExpectation), "/properties/authorize" },
        { nameof(CallbackSpec), "/properties/callback" },
        { nameof(IdTokenSpec), "/properties/idToken" },
        { nameof(FailureCase), "/properties/failures/items" },
        { nameof(Exchange), "/$defs/exchange" },
        { nameof(ExpectedRequest), "/$defs/request" },
        { nameof(ClientAssertion), "/$defs/request/properties/assertion" },
        { nameof(ExpectedBody), "/$defs/request/properties/body" },
        { nameof(CannedResponse), "/$defs/response" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void The_schema_and_the_model_name_the_same_properties(string type, string at)
    {
        var node = at.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(Schema, (e, part) => e.GetProperty(part));
        var declared = node.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var model = typeof(ProviderFixture).Assembly.GetTypes().Single(t => t.Name == type && t.Namespace == typeof(ProviderFixture).Namespace)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.Name == nameof(ProviderFixture.Schema) ? "$schema" : JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Order(StringComparer.Ordinal).ToList();

        model.ShouldBe(declared);
    }
}
