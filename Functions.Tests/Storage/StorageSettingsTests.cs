using AuthFunctions.Secrets;
using AuthFunctions.Storage;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Shouldly;
using Xunit;

namespace AuthFunctions.Tests.Storage;

/// <summary>The AzureWebJobsStorage settings, read the way the Functions host reads them, and the SDK client they give.</summary>
public sealed class StorageSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ub3QtdG8tbGVhay1pbi1tZXNzYWdlcw==";

    [Fact]
    public void Nothing_configured_gives_null()
    {
        Settings().ShouldBeNull();
    }

    [Fact]
    public void Development_storage_is_the_local_emulator_as_the_SDK_maps_it()
    {
        var s = Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"))!;

        s.IsIdentityBased.ShouldBeFalse();
        var client = Client(s);
        client.Uri.ShouldBe(new Uri("http://127.0.0.1:10002/devstoreaccount1"));
        client.AccountName.ShouldBe("devstoreaccount1");
    }

    [Fact]
    public void Account_connection_string_derives_the_table_endpoint_from_the_suffix()
    {
        var s = Settings(("AzureWebJobsStorage",
            $"DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn"))!;

        s.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.chinacloudapi.cn"));
        s.IsIdentityBased.ShouldBeFalse();
        var client = Client(s);
        client.Uri.ShouldBe(new Uri("https://myaccount.table.core.chinacloudapi.cn"));
        client.AccountName.ShouldBe("myaccount");
    }

    [Fact]
    public void Account_connection_string_defaults_to_https_and_the_public_cloud()
    {
        var s = Settings(("AzureWebJobsStorage", $"AccountName=myaccount;AccountKey={Key}"))!;

        s.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
    }

    [Fact]
    public void Names_are_case_insensitive_and_empty_parts_are_ignored()
    {
        var s = Settings(("AzureWebJobsStorage", $" accountname=myaccount ;; ACCOUNTKEY={Key};defaultendpointsprotocol=HTTP;"))!;

        s.TableEndpoint.ShouldBe(new Uri("http://myaccount.table.core.windows.net"));
    }

    [Fact]
    public void Explicit_table_endpoint_wins_over_the_derived_one()
    {
        var s = Settings(("AzureWebJobsStorage",
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10099/devstoreaccount1;"))!;

        s.TableEndpoint.ShouldBe(new Uri("http://127.0.0.1:10099/devstoreaccount1"));
        Client(s).AccountName.ShouldBe("devstoreaccount1");
    }

    [Fact]
    public void A_shared_access_signature_with_a_table_endpoint_is_accepted()
    {
        var s = Settings(("AzureWebJobsStorage", "TableEndpoint=https://myaccount.table.core.windows.net;SharedAccessSignature=sv=2020-08-04&ss=t&sig=" + Key))!;

        s.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
        Client(s).Uri.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
    }

    [Fact]
    public void A_connection_string_never_asks_for_the_credential()
    {
        var s = Settings(("AzureWebJobsStorage", $"AccountName=myaccount;AccountKey={Key}"))!;

        s.CreateServiceClient(() => throw new InvalidOperationException("asked"), AzureTableClient.CreateOptions()).ShouldNotBeNull();
    }

    [Fact]
    public void Identity_based_table_service_uri_uses_default_credential()
    {
        var s = Settings(("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net"))!;

        s.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
        s.IsIdentityBased.ShouldBeTrue();
        s.UsesManagedIdentity.ShouldBeFalse();
        s.ClientId.ShouldBeNull();
        StorageCredential.Create(s).ShouldBeOfType<Azure.Identity.DefaultAzureCredential>();
        Client(s).Uri.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
    }

    [Fact]
    public void Identity_based_client_uses_the_shared_credential()
    {
        var s = Settings(("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net"))!;
        var asked = 0;

        s.CreateServiceClient(() => { asked++; return StorageCredential.Create(s); }, AzureTableClient.CreateOptions());

        asked.ShouldBe(1);
    }

    [Fact]
    public void Identity_based_managed_identity_with_client_id_is_user_assigned()
    {
        var s = Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"))!;

        s.UsesManagedIdentity.ShouldBeTrue();
        s.ClientId.ShouldBe("00000000-0000-0000-0000-000000000001");
        StorageCredential.Create(s).ShouldBeOfType<Azure.Identity.ManagedIdentityCredential>();
    }

    [Fact]
    public void Identity_based_account_name_derives_the_public_cloud_endpoint()
    {
        var s = Settings(("AzureWebJobsStorage:accountName", "myaccount"), ("AzureWebJobsStorage:credential", "ManagedIdentity"))!;

        s.TableEndpoint.ShouldBe(new Uri("https://myaccount.table.core.windows.net"));
        s.UsesManagedIdentity.ShouldBeTrue();
        s.ClientId.ShouldBeNull();
    }

    [Fact]
    public void Without_storage_settings_the_credential_is_the_default_one()
    {
        StorageCredential.Create(null).ShouldBeOfType<Azure.Identity.DefaultAzureCredential>();
    }

    [Fact]
    public void One_credential_serves_storage_and_Key_Vault()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://myaccount.table.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        }).Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddStorage(configuration)
            .AddSecrets(configuration)
            .BuildServiceProvider();

        var shared = services.GetRequiredService<TokenCredential>();

        shared.ShouldBeOfType<Azure.Identity.ManagedIdentityCredential>();
        services.GetRequiredKeyedService<TokenCredential>(SecretsServiceCollectionExtensions.KeyVaultServiceKey).ShouldBeSameAs(shared);
        services.GetRequiredService<ITableClient>().ShouldBeOfType<AzureTableClient>();
    }

    [Fact]
    public void Without_storage_settings_the_app_keeps_rows_in_memory()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddStorage(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        services.GetRequiredService<ITableClient>().ShouldBeOfType<InMemoryTableClient>();
    }

    [Theory]
    [InlineData("AccountName=myaccount", "AccountKey is missing")]
    [InlineData("AccountKey=" + Key, "AccountName is missing")]
    [InlineData("AccountName=myaccount;AccountKey=not*base64" + Key, "AccountKey is not base64")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";garbage", "Name=Value")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=My.Evil/host;AccountKey=" + Key, "account name")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";TableEndpoint=not a url", "table endpoint")]
    [InlineData("AccountName=myaccount;AccountKey=" + Key + ";TableEndpoint=https://x.example/?sv=2020&sig=" + Key, "table endpoint")]
    [InlineData("BlobEndpoint=https://x.example;SharedAccessSignature=sv=2020&sig=" + Key, "TableEndpoint")]
    [InlineData("UseDevelopmentStorage=yes", "UseDevelopmentStorage")]
    public void Malformed_connection_strings_name_the_setting_and_the_problem_but_never_the_key(string value, string problem)
    {
        var ex = Should.Throw<AuthFunctions.Core.SettingException>(() => Settings(("AzureWebJobsStorage", value)));

        ex.Message.ShouldContain("AzureWebJobsStorage");
        ex.Message.ShouldContain(problem);
        ex.Message.ShouldNotContain(Key);
        ex.Message.ShouldNotContain("sig=");
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "not a url", "AzureWebJobsStorage__tableServiceUri")]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "http://myaccount.table.core.windows.net", "https")]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net/?sig=" + Key, "AzureWebJobsStorage__tableServiceUri")]
    [InlineData("AzureWebJobsStorage:accountName", "Not_Valid", "AzureWebJobsStorage__accountName")]
    public void Malformed_identity_settings_name_the_setting_but_not_the_value(string name, string value, string expected)
    {
        var ex = Should.Throw<AuthFunctions.Core.SettingException>(() => Settings((name, value)));

        ex.Message.ShouldContain(expected);
        ex.Message.ShouldNotContain(value);
    }

    [Fact]
    public async Task A_bad_storage_setting_stops_start_up_naming_it_but_not_its_value()
    {
        var message = await AuthFunctions.Tests.Infrastructure.TestApp.StartupFailureAsync(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "AccountName=myaccount;AccountKey=not*base64" + Key }, "Production");

        message.ShouldContain("AzureWebJobsStorage");
        message.ShouldNotContain(Key);
    }

    [Fact]
    public void Unknown_credential_kind_is_refused()
    {
        var ex = Should.Throw<AuthFunctions.Core.SettingException>(() => Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://myaccount.table.core.windows.net"),
            ("AzureWebJobsStorage:credential", "password")));

        ex.Message.ShouldContain("AzureWebJobsStorage__credential");
        ex.Message.ShouldNotContain("password");
    }

    private static StorageSettings? Settings(params (string Name, string Value)[] settings) =>
        StorageSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name, s.Value)))
            .Build());

    private static TableServiceClient Client(StorageSettings settings) =>
        settings.CreateServiceClient(() => StorageCredential.Create(settings), AzureTableClient.CreateOptions());
}
