namespace MaintenanceMode.Tests.Moto
{
    /// <summary>Test classes in this collection share one moto_server process and run one after another.</summary>
    [CollectionDefinition(Name)]
    public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
    {
        public const string Name = "moto";
    }
}
