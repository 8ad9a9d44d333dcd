package qualified

import "testing"

// TestIdentityOf reads the people of testdata/poa (testdata/poa/README.md
// lists their numbers): an organisation's director and an employee's
// personal certificate.
func TestIdentityOf(t *testing.T) {
	for _, c := range []struct {
		file string
		want Identity
	}{
		{"../testdata/poa/pki/director.pem", Identity{Kind: Organization, INN: "502400123477", SNILS: "11223344595",
			OrgINN: "5024001179", OGRN: "1215024000113", Surname: "Соколов", GivenName: "Андрей Викторович"}},
		{"../testdata/poa/pki/employee.pem", Identity{Kind: Person, INN: "502401234564", SNILS: "22334455639",
			Surname: "Морозова", GivenName: "Елена Сергеевна"}},
	} {
		got := IdentityOf(readPEM(t, c.file))
		got.CommonName, got.Organization = "", ""
		if got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.file, got, c.want)
		}
	}
}
