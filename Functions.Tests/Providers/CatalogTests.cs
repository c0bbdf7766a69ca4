using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using AuthFunctions.Providers;
using AuthFunctions.Providers.Quirks;
using AuthFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>The catalog is data: it must load, pass its rules, and agree with its schema and with the C# records.</summary>
public sealed class CatalogTests
{
    private static string CatalogDirectory => Path.Combine(RepoPaths.Root, "Functions", "Providers", "Catalog");

    private static JsonElement Schema => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Functions", "Providers", "catalog.schema.json"))).RootElement;

    public static TheoryData<string> EntryFiles => [.. Directory.GetFiles(CatalogDirectory, "*.json").Select(f => Path.GetFileName(f)).Order()];

    [Fact]
    public void The_embedded_catalog_loads_is_valid_and_holds_every_entry_file()
    {
        // The app reads only the entries it enables; here every one is read and held to the rules, together.
        var catalog = ProviderCatalog.Embedded();
        var providers = catalog.ReadAll();

        ProviderCatalog.Validate(providers).ShouldBeEmpty();
        providers.Select(p => p.Id).ShouldBe(catalog.Ids);
        catalog.Ids.Select(id => id + ".json").Order().ShouldBe(Directory.GetFiles(CatalogDirectory, "*.json").Select(Path.GetFileName).Order());
        catalog.Ids[^1].ShouldBe(DevProvider.Id);
    }

    [Fact]
    public void Start_up_reads_only_the_entries_the_settings_enable_and_a_broken_enabled_one_stops_it()
    {
        var read = new List<string>();
        var catalog = new ProviderCatalog(["dev", "github", "gitlab"], id =>
        {
            read.Add(id);
            return id == "gitlab"
                ? new MemoryStream(Encoding.UTF8.GetBytes("""{"id":"gitlab","displayName":"x","docs":"https://x.example","protocol":"oidc","issuer":"http://gitlab.example","scopes":["openid"],"tokenEndpointAuthMethod":"none","profile":{"subject":["sub"]}}"""))
                : typeof(ProviderCatalog).Assembly.GetManifestResourceStream($"catalog/{id}.json");
        });
        var options = new AuthFunctions.Core.OAuthOptions { Providers = { ["github"] = new() { ClientId = "id" }, ["gitlab"] = new() { Enabled = false } } };

        ProviderRegistry.Resolve(catalog, options, isDevelopment: true).Registry!.Enabled.Select(p => p.Id).ShouldBe(["github", "dev"]);
        read.ShouldBe(["github", "dev"]);

        options.Providers["gitlab"] = new() { ClientId = "id" };
        Should.Throw<InvalidOperationException>(() => ProviderRegistry.Resolve(catalog, options, isDevelopment: true))
            .Message.ShouldBe("Provider catalog is invalid: provider 'gitlab': an oidc provider needs an https issuer");
    }

    [Fact]
    public void An_entry_must_carry_its_file_name_as_id()
    {
        var catalog = new ProviderCatalog(["gitlab"], _ => typeof(ProviderCatalog).Assembly.GetManifestResourceStream("catalog/github.json"));

        Should.Throw<InvalidOperationException>(() => catalog.Find("gitlab")).Message.ShouldContain("gitlab.json: id must be its file name");
    }

    [Theory]
    [MemberData(nameof(EntryFiles))]
    public void Every_property_of_an_entry_is_declared_by_the_schema_and_the_required_ones_are_present(string file)
    {
        using var entry = JsonDocument.Parse(File.ReadAllText(Path.Combine(CatalogDirectory, file)));

        entry.RootElement.GetProperty("id").GetString().ShouldBe(Path.GetFileNameWithoutExtension(file));
        CheckObject(entry.RootElement, Schema, file);
    }

    [Fact]
    public void The_schema_and_the_records_name_the_same_properties()
    {
        Names(Schema).ShouldBe(Properties(typeof(ProviderDescriptor)));
        var properties = Schema.GetProperty("properties");
        Names(properties.GetProperty("authorize")).ShouldBe(Properties(typeof(AuthorizeShape)));
        Names(properties.GetProperty("token")).ShouldBe(Properties(typeof(TokenShape)));
        Names(properties.GetProperty("userInfo")).ShouldBe(Properties(typeof(UserInfoShape)));
        Names(properties.GetProperty("emails")).ShouldBe(Properties(typeof(EmailLookup)));
        Names(properties.GetProperty("profile")).ShouldBe(Properties(typeof(ProfileMap)));
        Names(Schema.GetProperty("$defs").GetProperty("errors").GetProperty("items")).ShouldBe(Properties(typeof(ErrorRule)));
    }

    [Fact]
    public void The_schema_lists_exactly_the_quirks_the_code_knows_and_each_has_one_implementation()
    {
        var schemaQuirks = Schema.GetProperty("properties").GetProperty("quirks").GetProperty("items").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).Order().ToList();
        using var services = new ServiceCollection().AddSingleton(new AuthFunctions.Core.AccessPolicy(
            Microsoft.Extensions.Options.Options.Create(new AuthFunctions.Core.OAuthOptions()))).AddProviders().BuildServiceProvider();

        schemaQuirks.ShouldBe(QuirkNames.All.Order().ToList());
        services.GetServices<IProviderQuirk>().Select(q => q.Name).Order().ShouldBe(QuirkNames.All.Order().ToList());
    }

    [Fact]
    public void The_schema_lists_the_placeholder_settings_the_code_reads()
    {
        Schema.GetProperty("properties").GetProperty("settings").GetProperty("propertyNames").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ShouldBe(AuthFunctions.Core.ProviderSettings.TemplateNames);
    }

    [Theory]
    [InlineData("""{"id":"Bad Id","displayName":"x","docs":"https://x.example","protocol":"oidc","issuer":"https://x.example","scopes":["openid"],"tokenEndpointAuthMethod":"client_secret_post","profile":{"subject":["sub"]}}""", "id must match")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oidc","scopes":["openid"],"tokenEndpointAuthMethod":"client_secret_post","profile":{"subject":["sub"]}}""", "needs an https issuer")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oauth2","authorizationEndpoint":"http://x.example/a","tokenEndpoint":"https://x.example/t","userInfoEndpoint":"https://x.example/u","scopes":["a"],"tokenEndpointAuthMethod":"client_secret_post","profile":{"subject":["id"]}}""", "https authorization, token and userinfo")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oidc","issuer":"https://x.example","scopes":["openid"],"tokenEndpointAuthMethod":"client_secret_post","profile":{"subject":["sub"]},"quirks":["made-up"]}""", "unknown quirk")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"saml","scopes":["openid"],"tokenEndpointAuthMethod":"client_secret_post","profile":{"subject":["sub"]}}""", "protocol must be")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oidc","issuer":"https://x.example","scopes":["openid"],"tokenEndpointAuthMethod":"none","profile":{"subject":["sub"]},"pkce":"maybe"}""", "pkce must be one of")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oidc","issuer":"https://{domain}","scopes":["openid"],"tokenEndpointAuthMethod":"none","profile":{"subject":["sub"]}}""", "placeholder {domain} must be declared")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oidc","issuer":"https://x.example","scopes":["openid"],"tokenEndpointAuthMethod":"none","profile":{"subject":["sub"]},"userinfo":{}}""", "userinfo")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oauth2","authorizationEndpoint":"https://x.example/a","tokenEndpoint":"https://x.example/t","userInfoEndpoint":"https://x.example/u","scopes":["a"],"tokenEndpointAuthMethod":"client_secret_post","profile":{"subject":["id"]},"token":{"transport":"carrier-pigeon"}}""", "token.transport must be one of")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"oidc","issuer":"https://x.example","scopes":["openid"],"tokenEndpointAuthMethod":"none"}""", "missing required properties")]
    [InlineData("""{"id":"x","displayName":"x","docs":"https://x.example","protocol":"dev","scopes":["openid"],"tokenEndpointAuthMethod":"none","profile":{"subject":["sub"]}}""", "protocol dev is the 'dev' entry's")]
    public void A_broken_entry_is_refused_with_a_reason(string json, string reason)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        Should.Throw<InvalidOperationException>(() => ProviderCatalog.Read(stream, "entry.json")).Message.ShouldContain(reason);
    }

    /// <summary>Every property of <paramref name="value"/> is in the schema object's properties, recursively, and the required ones are there.</summary>
    private static void CheckObject(JsonElement value, JsonElement schema, string at)
    {
        var declared = schema.GetProperty("properties");
        foreach (var property in value.EnumerateObject())
        {
            declared.TryGetProperty(property.Name, out var propertySchema).ShouldBeTrue($"{at}: {property.Name} is not in the schema");
            if (property.Value.ValueKind == JsonValueKind.Object && propertySchema.TryGetProperty("properties", out _))
            {
                CheckObject(property.Value, propertySchema, $"{at}.{property.Name}");
            }
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                value.TryGetProperty(name, out _).ShouldBeTrue($"{at}: {name} is required");
            }
        }
    }

    private static List<string> Names(JsonElement schema) => [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static List<string> Properties(Type type) =>
    [
        .. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Order(StringComparer.Ordinal),
    ];
}
