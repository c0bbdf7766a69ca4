using System.Text.Json;
using System.Text.RegularExpressions;

namespace AuthFunctions.Tests.Infra;

/// <summary>
/// Reads the setting names out of the compiled app settings resource. It knows exactly the shapes api.bicep writes
/// (a union of variables: objects, an indexed list, the catalog and the custom providers through one mapping
/// function) and throws on anything else, so a new shape fails the contract tests instead of being skipped.
/// </summary>
public static partial class CompiledAppSettings
{
    public static IReadOnlySet<string> Names(ArmTemplate api, ArmTemplate main, JsonElement resource)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in Parts(api, resource))
        {
            if (part.ValueKind == JsonValueKind.Object)
            {
                names.UnionWith(part.EnumerateObject().Select(p => p.Name));
            }
            else if (IndexedList().Match(part.GetString()!) is { Success: true } list)
            {
                names.Add(list.Groups[1].Value + "__{n}");
            }
            else if (ProviderMappingCall().Match(part.GetString()!) is { Success: true } call)
            {
                var mapping = api.Function(call.Groups[1].Value);
                if (!ProviderMapping().IsMatch(mapping))
                {
                    throw new InvalidOperationException($"The contract test cannot read the provider mapping {call.Groups[1].Value}: {mapping}");
                }

                names.UnionWith(ProviderFields(main, call.Groups[2].Value).Select(f => $"OAuth__Providers__{{id}}__{f}"));
            }
            else
            {
                throw new InvalidOperationException("The contract test cannot read this part of the app settings: " + part);
            }
        }

        return names;
    }

    public static string? Value(ArmTemplate api, JsonElement resource, string name) =>
        Parts(api, resource).Where(p => p.ValueKind == JsonValueKind.Object)
            .Select(p => p.TryGetProperty(name, out var v) ? v.GetString() : null)
            .FirstOrDefault(v => v is not null);

    /// <summary>The objects or expressions that make up the settings: the properties themselves, or each variable of a union().</summary>
    private static IEnumerable<JsonElement> Parts(ArmTemplate api, JsonElement resource)
    {
        var properties = resource.GetProperty("properties");
        if (properties.ValueKind == JsonValueKind.Object)
        {
            return [properties];
        }

        var union = UnionOfVariables().Match(properties.GetString()!);
        return union.Success
            ? union.Groups[1].Value.Split(", ").Select(v => api.Variable(VariableReference().Match(v).Groups[1].Value))
            : throw new InvalidOperationException("The app settings are neither an object nor a union of variables: " + properties);
    }

    /// <summary>
    /// The fields of the type of main.bicep's parameter named as the api module's (<c>providers</c>,
    /// <c>customProviders</c>): an object whose values are that type. main.bicep passes the parameter on, for the
    /// catalog providers merged with the named parameters, whose settings are fields of the same type.
    /// </summary>
    public static IReadOnlyList<string> ProviderFields(ArmTemplate main, string parameter) => ProviderType(main, parameter).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>The type definition of the values of main.bicep's <c>{ *: type }</c> parameter <paramref name="parameter"/>.</summary>
    public static JsonElement ProviderType(ArmTemplate main, string parameter)
    {
        var reference = main.Root.GetProperty("parameters").GetProperty(parameter).GetProperty("additionalProperties").GetProperty("$ref").GetString()!;
        return main.Definition(reference.Split('/')[^1]);
    }

    [GeneratedRegex(@"^\[union\(((?:variables\('\w+'\)(?:, )?)+)\)\]$")]
    private static partial Regex UnionOfVariables();

    [GeneratedRegex(@"variables\('(\w+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\[toObject\(range\(0, length\(parameters\('\w+'\)\)\), lambda\('i', format\('(\w+?)__\{0\}', lambdaVariables\('i'\)\)\)")]
    private static partial Regex IndexedList();

    /// <summary>A call of a Bicep user-defined function (namespace __bicep) on a parameter: [__bicep.providerSettings(parameters('providers'))].</summary>
    [GeneratedRegex(@"^\[__bicep\.(\w+)\(parameters\('(\w+)'\)\)\]$")]
    private static partial Regex ProviderMappingCall();

    [GeneratedRegex(@"^\[toObject\(flatten\(map\(items\(parameters\('\w+'\)\), lambda\('p', map\(items\(lambdaVariables\('p'\)\.value\), lambda\('s', createObject\('key', format\('OAuth__Providers__\{0\}__\{1\}', lambdaVariables\('p'\)\.key, lambdaVariables\('s'\)\.key\)")]
    private static partial Regex ProviderMapping();
}
