// The minimal Vendure 3.7.3 server benchmarks/peer_vendure.py measures beside our API.
//
// Plain JavaScript, so no compile step: `node server.js`, with node_modules beside it (the benchmark
// copies this file into its scratch install). Configured from the environment:
//   PEER_VENDURE_DATABASE_URL  postgres://… of an empty scratch database (the schema is synchronized)
//   PEER_VENDURE_PORT          the port of both APIs, on 127.0.0.1 (/shop-api, /admin-api)
//   PEER_VENDURE_SUPERADMIN    the superadmin's password (identifier "superadmin")
// On a fresh database it first populates the initial data an order needs (a country in a tax zone,
// a tax rate, a shipping method, the default channel's zones); the product and the promotion are
// made by the benchmark through the Admin API. No plugins: no admin UI, email, search or asset server.
'use strict';

const { bootstrap, DefaultLogger, LanguageCode, LogLevel } = require('@vendure/core');
const { populateInitialData } = require('@vendure/core/cli');

const INITIAL_DATA = {
    defaultLanguage: LanguageCode.en,
    defaultZone: 'Europe',
    countries: [{ name: 'Germany', code: 'DE', zone: 'Europe' }],
    taxRates: [{ name: 'Standard Tax', percentage: 19 }],
    shippingMethods: [{ name: 'Standard Shipping', price: 500 }],
    paymentMethods: [],
    collections: [],
};

const config = {
    apiOptions: {
        hostname: '127.0.0.1',
        port: Number(process.env.PEER_VENDURE_PORT),
        adminApiPath: 'admin-api',
        shopApiPath: 'shop-api',
    },
    authOptions: {
        // Bearer tokens (the `vendure-auth-token` response header), so wrk can send one per connection.
        tokenMethod: 'bearer',
        requireVerification: false,
        superadminCredentials: { identifier: 'superadmin', password: process.env.PEER_VENDURE_SUPERADMIN },
    },
    dbConnectionOptions: {
        type: 'postgres',
        url: process.env.PEER_VENDURE_DATABASE_URL,
        synchronize: true,
        logging: false,
    },
    paymentOptions: { paymentMethodHandlers: [] },
    logger: new DefaultLogger({ level: LogLevel.Warn }),
    plugins: [],
};

async function main() {
    const app = await bootstrap(config);
    await populateInitialData(app, INITIAL_DATA);
    // The benchmark polls the shop API until it answers; this line is for the log.
    console.log(`peer-vendure ready on port ${config.apiOptions.port}`);
}

main().catch(error => {
    console.error(error);
    process.exit(1);
});
