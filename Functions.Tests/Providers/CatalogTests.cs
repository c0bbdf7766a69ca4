using System.Text.Json;
using AuthFunctions.Providers;
using AuthFunctions.Tests.Infrastructure;
using Shouldly;

namespace AuthFunctions.Tests.Providers;

/// <summary>The catalog is data: it must load, pass its rules, and agree with its schema.</summary>
public sealed class CatalogTests
{
    private static string CatalogPath => Path.Combine(RepoPaths.Root, "Functions", "Providers", "catalog.json");

    private static JsonElement Schema => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "Functions", "Providers", "catalog.schema.json"))).RootElement;

    [Fact]
    public void The_embedded_catalog_loads_and_is_valid()
    {
        var catalog = ProviderCatalog.LoadEmbedded();

        catalog.Providers.Select(p => p.Id).ShouldBe(["github", "google", "microsoft", "apple", "dev"]);
        ProviderCatalog.Validate(catalog.Providers).ShouldBeEmpty();
    }

    [Fact]
    public void Every_property_in_the_catalog_is_declared_by_the_schema_and_every_required_one_is_present()
    {
        var providerSchema = Schema.GetProperty("$defs").GetProperty("provider");
        var declared = providerSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var required = providerSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToList();
        var profileDeclared = providerSchema.GetProperty("properties").GetProperty("profile").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();

        foreach (var provider in JsonDocument.Parse(File.ReadAllText(CatalogPath)).RootElement.GetProperty("providers").EnumerateArray())
        {
            provider.EnumerateObject().Select(p => p.Name).ShouldBeSubsetOf(declared);
            required.ShouldBeSubsetOf(provider.EnumerateObject().Select(p => p.Name));
            provider.GetProperty("profile").EnumerateObject().Select(p => p.Name).ShouldBeSubsetOf(profileDeclared);
        }
    }

    [Fact]
    public void The_schema_and_the_descriptor_type_name_the_same_properties()
    {
        var declared = Schema.GetProperty("$defs").GetProperty("provider").GetProperty("properties").EnumerateObject()
            .Select(p => p.Name).Order().ToList();
        var descriptor = typeof(ProviderDescriptor).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order().ToList();

        descriptor.ShouldBe(declared);
    }

    [Fact]
    public void The_schema_lists_exactly_the_quirks_the_code_knows()
    {
        var schemaQuirks = Schema.GetProperty("$defs").GetProperty("provider").GetProperty("properties").GetProperty("quirks")
            .GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order().ToList();

        schemaQuirks.ShouldBe(Quirks.All.Order().ToList());
    }

    [Theory]
    [InlineData("{\"providers\":[{\"id\":\"Bad Id\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"oidc\",\"issuer\":\"https://x.example\",\"scopes\":[\"openid\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"pkce\":true,\"profile\":{\"subject\":[\"sub\"],\"name\":[],\"email\":[],\"emailVerified\":[],\"avatarUrl\":[]},\"quirks\":[]}]}", "id must match")]
    [InlineData("{\"providers\":[{\"id\":\"x\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"oidc\",\"scopes\":[\"openid\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"pkce\":true,\"profile\":{\"subject\":[\"sub\"],\"name\":[],\"email\":[],\"emailVerified\":[],\"avatarUrl\":[]},\"quirks\":[]}]}", "needs an https issuer")]
    [InlineData("{\"providers\":[{\"id\":\"x\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"oauth2\",\"authorizationEndpoint\":\"http://x.example/a\",\"tokenEndpoint\":\"https://x.example/t\",\"userInfoEndpoint\":\"https://x.example/u\",\"scopes\":[\"a\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"pkce\":true,\"profile\":{\"subject\":[\"id\"],\"name\":[],\"email\":[],\"emailVerified\":[],\"avatarUrl\":[]},\"quirks\":[]}]}", "https authorization, token and userinfo")]
    [InlineData("{\"providers\":[{\"id\":\"x\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"oidc\",\"issuer\":\"https://x.example\",\"scopes\":[\"openid\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"pkce\":true,\"profile\":{\"subject\":[\"sub\"],\"name\":[],\"email\":[],\"emailVerified\":[],\"avatarUrl\":[]},\"quirks\":[\"made-up\"]}]}", "unknown quirk")]
    [InlineData("{\"providers\":[{\"id\":\"x\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"saml\",\"scopes\":[\"openid\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"pkce\":true,\"profile\":{\"subject\":[\"sub\"],\"name\":[],\"email\":[],\"emailVerified\":[],\"avatarUrl\":[]},\"quirks\":[]}]}", "protocol must be")]
    [InlineData("{\"providers\":[{\"id\":\"x\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"oidc\",\"issuer\":\"https://x.example\",\"scopes\":[\"openid\"],\"tokenEndpointAuthMethod\":\"none\",\"profile\":{\"subject\":[\"sub\"]}}]}", "missing required properties")]
    [InlineData("{\"providers\":[{\"id\":\"x\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"oidc\",\"issuer\":\"https://x.example\",\"scopes\":[\"openid\"],\"tokenEndpointAuthMethod\":\"client_secret_post\",\"responseMode\":\"fragment\",\"pkce\":true,\"profile\":{\"subject\":[\"sub\"],\"name\":[],\"email\":[],\"emailVerified\":[],\"avatarUrl\":[]},\"quirks\":[]}]}", "responseMode must be form_post")]
    [InlineData("{\"providers\":[{\"id\":\"x\",\"displayName\":\"x\",\"docs\":\"https://x.example\",\"protocol\":\"oidc\",\"issuer\":\"https://x.example\",\"scopes\":[\"openid\"],\"tokenEndpointAuthMethod\":\"private_key_jwt\",\"pkce\":true,\"profile\":{\"subject\":[\"sub\"],\"name\":[],\"email\":[],\"emailVerified\":[],\"avatarUrl\":[]},\"quirks\":[]}]}", "es256_client_secret")]
    public void A_broken_catalog_is_refused_with_a_reason(string json, string reason)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        Should.Throw<InvalidOperationException>(() => ProviderCatalog.Load(stream)).Message.ShouldContain(reason);
    }
}
