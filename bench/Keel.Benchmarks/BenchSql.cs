namespace Keel.Benchmarks;

/// <summary>
/// The statements the hand-written contenders send. Keel writes the same text as interpolated strings (its holes
/// render to the same <c>$1</c> placeholders), so the server plans exactly the same statements for every contender.
/// </summary>
internal static class BenchSql
{
    public const string GetById = "SELECT id, name, email, created_at FROM users WHERE id = $1";

    public const string List = "SELECT id, name, email, created_at FROM users ORDER BY id LIMIT 100 OFFSET $1";

    public const string Insert = "INSERT INTO new_users (id, name, email, created_at) VALUES ($1, $2, $3, $4)";

    public const string Copy = "COPY new_users (id, name, email, created_at) FROM STDIN (FORMAT BINARY)";

    public const string GetDocument = "SELECT data FROM bench_docs WHERE id = $1";

    public const string InsertDocument = "INSERT INTO bench_docs (id, data) VALUES ($1, $2)";

    public const string CopyDocuments = "COPY bench_docs (id, data) FROM STDIN (FORMAT BINARY)";

    public const string OrdersOfCustomer = "SELECT id, customer_id, placed_at FROM bench_orders WHERE customer_id = $1 ORDER BY id";

    /// <summary>One order's items, each with its product (a to-one relation, joined).</summary>
    public const string ItemsOfOrder = ItemsSelect + " WHERE i.order_id = $1 ORDER BY i.id";

    /// <summary>Every order's items in one statement: one array parameter, whatever the number of orders.</summary>
    public const string ItemsOfOrders = ItemsSelect + " WHERE i.order_id = ANY($1) ORDER BY i.id";

    public const string OrdersWithItems = """
        SELECT o.id, o.customer_id, o.placed_at, i.id, i.order_id, i.product_id, i.quantity, i.unit_price, p.name, p.price
        FROM bench_orders o
        LEFT JOIN (bench_order_items i JOIN bench_products p ON p.id = i.product_id) ON i.order_id = o.id
        WHERE o.customer_id = $1 ORDER BY o.id, i.id
        """;

    public const string CreateOrderTables = """
        DROP TABLE IF EXISTS bench_order_items;
        DROP TABLE IF EXISTS bench_orders;
        DROP TABLE IF EXISTS bench_products;
        CREATE TABLE bench_products (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL);
        CREATE TABLE bench_orders (id int PRIMARY KEY, customer_id int NOT NULL, placed_at timestamptz NOT NULL);
        CREATE INDEX ON bench_orders (customer_id);
        CREATE TABLE bench_order_items (
            id int PRIMARY KEY, order_id int NOT NULL REFERENCES bench_orders(id), product_id int NOT NULL REFERENCES bench_products(id),
            quantity int NOT NULL, unit_price numeric(10,2) NOT NULL);
        CREATE INDEX ON bench_order_items (order_id);
        """;

    private const string ItemsSelect = """
        SELECT i.id, i.order_id, i.product_id, i.quantity, i.unit_price, p.name AS product_name, p.price AS product_price
        FROM bench_order_items i JOIN bench_products p ON p.id = i.product_id
        """;

    /// <summary>Statements prepared on the current connection, less the one asking.</summary>
    public const string CountPrepared = "SELECT count(*) FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'";

    public const string CreateTables = """
        DROP TABLE IF EXISTS users;
        DROP TABLE IF EXISTS new_users;
        DROP TABLE IF EXISTS bench_docs;
        CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE new_users (id int PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL);
        CREATE TABLE bench_docs (id uuid PRIMARY KEY, data jsonb NOT NULL, version int NOT NULL DEFAULT 1, created timestamptz NOT NULL DEFAULT now(), updated timestamptz);
        """;
}
