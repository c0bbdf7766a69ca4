using AuthFunctions.Hosting;

AuthApp.Create(args).Run();
