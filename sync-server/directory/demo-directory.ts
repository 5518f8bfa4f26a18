import type { Directory, Office, Person, Role } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';

/**
 * The demo district (Dehradun and three hill tehsils), seeded on first start in
 * demo mode only. Every demo account has the password DEMO_PASSWORD; a real
 * deployment loads its own directory file and has no default passwords.
 */

export const DEMO_PASSWORD = 'demo1234';

const collectorate = asOfficeId('dehradun');

const OFFICES: readonly Office[] = [
  {
    id: collectorate,
    code: 'DDN',
    kind: 'collectorate',
    name: { hi: 'जिलाधिकारी कार्यालय (कलेक्ट्रेट), देहरादून', en: 'Collectorate, Dehradun' },
    recipientGroups: [
      {
        name: { hi: 'सभी तहसीलदार', en: 'All tehsildars' },
        members: ['tehsildar.vikasnagar', 'tehsildar.chakrata', 'tehsildar.tyuni'].map(asPersonId),
      },
    ],
  },
  {
    id: asOfficeId('vikasnagar'),
    code: 'VKN',
    kind: 'tehsil',
    name: { hi: 'तहसील विकासनगर', en: 'Tehsil Vikasnagar' },
    parent: collectorate,
    // Shows the running dispatch register (decision 0008); the other tehsils keep tablet numbers only.
    runningRegister: true,
    recipientGroups: [
      {
        name: { hi: 'राजस्व अधिकारी', en: 'Revenue officers' },
        members: ['naib.vikasnagar', 'kanungo.vikasnagar'].map(asPersonId),
      },
    ],
  },
  {
    id: asOfficeId('chakrata'),
    code: 'CKT',
    kind: 'tehsil',
    name: { hi: 'तहसील चकराता', en: 'Tehsil Chakrata' },
    parent: collectorate,
  },
  {
    id: asOfficeId('tyuni'),
    code: 'TYN',
    kind: 'tehsil',
    name: { hi: 'तहसील त्यूणी', en: 'Tehsil Tyuni' },
    parent: collectorate,
  },
];

const DESIGNATIONS: Readonly<Record<Role, { hi: string; en: string }>> = {
  deskAssistant: { hi: 'पटल सहायक', en: 'Desk Assistant' },
  kanungo: { hi: 'कानूनगो', en: 'Kanungo' },
  nazir: { hi: 'नाज़िर', en: 'Nazir' },
  naibTehsildar: { hi: 'नायब तहसीलदार', en: 'Naib Tehsildar' },
  tehsildar: { hi: 'तहसीलदार', en: 'Tehsildar' },
  sdm: { hi: 'उपजिलाधिकारी', en: 'Sub-Divisional Magistrate' },
  adm: { hi: 'अपर जिलाधिकारी', en: 'Additional District Magistrate' },
  dm: { hi: 'जिलाधिकारी', en: 'District Magistrate' },
  collectorateStaff: { hi: 'कलेक्ट्रेट कर्मचारी', en: 'Collectorate Staff' },
  trainer: { hi: 'प्रशिक्षक', en: 'Trainer' },
};

function person(id: string, hi: string, en: string, role: Role, office: string): Person {
  return {
    id: asPersonId(id),
    name: { hi, en },
    designation: DESIGNATIONS[role],
    role,
    office: asOfficeId(office),
  };
}

const PEOPLE: readonly Person[] = [
  person('clerk.vikasnagar', 'सुनीता रावत', 'Sunita Rawat', 'deskAssistant', 'vikasnagar'),
  person('kanungo.vikasnagar', 'मोहन सिंह नेगी', 'Mohan Singh Negi', 'kanungo', 'vikasnagar'),
  person('naib.vikasnagar', 'दीपक जोशी', 'Deepak Joshi', 'naibTehsildar', 'vikasnagar'),
  person('tehsildar.vikasnagar', 'अनीता बिष्ट', 'Anita Bisht', 'tehsildar', 'vikasnagar'),
  person('sdm.vikasnagar', 'राजेश चौहान', 'Rajesh Chauhan', 'sdm', 'vikasnagar'),
  person('clerk.chakrata', 'कविता तोमर', 'Kavita Tomar', 'deskAssistant', 'chakrata'),
  person('tehsildar.chakrata', 'विनोद राणा', 'Vinod Rana', 'tehsildar', 'chakrata'),
  person('clerk.tyuni', 'प्रदीप सेमवाल', 'Pradeep Semwal', 'deskAssistant', 'tyuni'),
  person('tehsildar.tyuni', 'हरीश थपलियाल', 'Harish Thapliyal', 'tehsildar', 'tyuni'),
  person('adm.dehradun', 'मीनाक्षी पंत', 'Meenakshi Pant', 'adm', 'dehradun'),
  person('dm.dehradun', 'आलोक कुमार पाण्डेय', 'Alok Kumar Pandey', 'dm', 'dehradun'),
  person('trainer', 'नेहा उनियाल', 'Neha Uniyal', 'trainer', 'dehradun'),
];

export const DEMO_DIRECTORY: Directory = {
  version: 1,
  district: { id: 'dehradun', name: { hi: 'देहरादून', en: 'Dehradun' } },
  offices: OFFICES,
  people: PEOPLE,
};
