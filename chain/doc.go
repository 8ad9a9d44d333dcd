// Package chain will build and validate certificate paths with GOST
// algorithms: trust stores, .p7b bundles and issuers downloaded from AIA
// "CA Issuers" URLs. It is not implemented yet: see the project's issue on
// `chain`.
package chain
