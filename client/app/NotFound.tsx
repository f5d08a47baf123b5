import { Link } from 'react-router';
import { Alert } from '../ui/Alert.tsx';

export function NotFound() {
  return (
    <Alert tone="info">
      There is nothing at this address. <Link to="/widgets">Go to Widgets</Link>
    </Alert>
  );
}
